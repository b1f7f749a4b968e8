import { mkdirSync } from 'node:fs';
import { seedDataset } from './dataset';
mkdirSync(process.argv[2] as string, { recursive: true });
console.log(await seedDataset(process.argv[2] as string, Number(process.argv[3] ?? 100000)));
