// Prepare and upload a fine-tuning dataset with blocking calls: write conversations as JSONL, check the file,
// upload it, and wait until the service has validated it. The id it prints is a fine-tuning job's `training_file`.
// Usage: node dist/sync/fine-tune-workflow.js [output path]
import { writeFileSync } from 'node:fs';
import { TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const questions: Array<[question: string, answer: string]> = [
  ['What is the capital of France?', 'The capital of France is Paris.'],
  ['How many legs does a spider have?', 'A spider has eight legs.'],
  ['What is 12 times 12?', '12 times 12 is 144.'],
  ['Who wrote "Pride and Prejudice"?', 'Jane Austen wrote "Pride and Prejudice".'],
];

// 1. Prepare: one conversation per line, in the `messages` format.
const path = process.argv[2] ?? 'training_data.jsonl';
const lines = questions.map(([question, answer]) =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'You are a concise, helpful assistant.' },
      { role: 'user', content: question },
      { role: 'assistant', content: answer },
    ],
  }),
);
writeFileSync(path, `${lines.join('\n')}\n`);

// 2. Check it locally, the way upload will.
const report = client.files.check(path, { purpose: 'fine-tune' });
if (!report.is_check_passed) {
  console.error(`The dataset failed the check: ${report.message}`);
  process.exit(1);
}
console.log(`Check passed: ${report.num_samples} samples, ${report.dataset_format} format`);

// 3. Upload it and wait for the service's validation.
const uploaded = client.files.upload({ file: path, purpose: 'fine-tune' });
const processed = client.files.waitForProcessing(uploaded.id);
console.log(`Uploaded ${uploaded.id}: processing ${processed.processing_status ?? 'done'}`);
console.log(`Next: start a fine-tuning job with training_file="${uploaded.id}"`);
