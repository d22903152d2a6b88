/**
 * Resumable imports: after each finished day the importer records it in a small JSON file, and
 * a later run with the same source and --since starts after it. Re-importing a day is harmless
 * (every event has its webhook's id), so an interruption costs at most the day it was in.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Checkpoint {
  /** The last day (YYYY-MM-DD, UTC) whose runs are all imported. */
  daysDone?: string;
  deploymentsDone?: boolean;
  /** CircleCI lists pipelines newest first without a date filter: the ids of those imported. */
  pipelinesDone?: string[];
}

export function readCheckpoint(file: string): Checkpoint {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    return {};
  }
}

export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${file}.tmp`, file); // never a half-written file
}
