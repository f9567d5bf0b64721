/**
 * Where together-ai's `checkFile` (0.52.0) and ours disagree on the corpus, and why. The README's table lists the
 * same cases; the differential test fails when the list and the run part ways.
 */
export const knownDisagreements: Record<string, { ours: 'pass' | 'warn' | 'error'; why: string }> = {
  'tool role and tool_calls with null content': {
    ours: 'pass',
    why: 'together-ai knows the roles system, user, assistant and requires a string content; together-py v2 adds the tool role and requires only role (POSSIBLE_ROLES_CONVERSATION, REQUIRED_COLUMNS_MESSAGE).',
  },
  'a tools column': {
    ours: 'pass',
    why: 'together-ai calls it an extra column; together-py v2 takes tools beside messages (JSONL_EXTRA_COLUMNS_MAP).',
  },
  'an image in a user message': {
    ours: 'pass',
    why: 'together-ai requires string content; together-py v2 takes lists of text and image_url parts (_check_message_content).',
  },
  'batch JSONL: any object': {
    ours: 'pass',
    why: 'together-ai applies the fine-tune formats to every purpose but eval; ours applies them to fine-tune files only (a batch line is custom_id + body, no fine-tune format).',
  },
  'CSV for eval, a blank line': {
    ours: 'pass',
    why: "together-ai's own CSV reader counts a blank line as a short row; Python's csv module, which together-py reads CSV with, skips it.",
  },
  'Parquet without input_ids': {
    ours: 'error',
    why: 'together-ai puts a Parquet failure in load_parquet but leaves is_check_passed true (and without the optional parquetjs it reads no Parquet at all); together-py v2 fails it.',
  },
  'Parquet with position_ids': {
    ours: 'error',
    why: 'As above; together-py v2 allows only input_ids, attention_mask, labels (PARQUET_EXPECTED_COLUMNS).',
  },
  'Parquet for eval': {
    ours: 'error',
    why: 'As above; together-py v2 refuses Parquet for eval (_check_parquet).',
  },
  'not Parquet': {
    ours: 'error',
    why: 'As above; together-py v2 fails a file pyarrow cannot read.',
  },
};
