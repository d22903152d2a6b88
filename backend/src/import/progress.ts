/** A one-line progress display on stderr (a terminal: rewritten in place; otherwise a line per update). */
export interface Progress {
  update(text: string): void;
  done(text: string): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  return {
    update: (text) => stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`),
    done: (text) => stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`),
  };
}

/** `[#####.....] 50%` */
export function bar(done: number, total: number, width = 20): string {
  const share = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`;
}
