import { InvalidArgumentError } from 'commander';

/**
 * Commander's parser for a required argument that must not be blank (`retrieve ''`): commander lets an empty
 * string through as given, so without this it reaches the service and fails as an API error instead of bad usage.
 */
export function nonBlank(what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${what} must not be empty.`);
    return value;
  };
}
