/**
 * The largest file the service takes: 50.1 GiB. Official source: together-py `src/together/lib/constants.py`
 * (`MAX_FILE_SIZE_GB = 50.1`), which its `check_file` and multipart upload both use.
 */
export const MAX_FILE_SIZE = Math.floor(50.1 * 2 ** 30);
