// A one-line progress bar on stderr (a plain line per 10% when stderr is not a terminal).
export function progress(label: string, total: number) {
  const started = Date.now();
  let lastDecile = -1;
  const draw = (done: number) => {
    const fraction = total ? Math.min(done / total, 1) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (process.stderr.isTTY) {
      const width = 30;
      const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
      process.stderr.write(`\r${label.padEnd(22)} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${seconds}s`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${(fraction * 100).toFixed(0)}% (${done}/${total}, ${seconds}s)\n`);
      }
    }
  };
  draw(0);
  return {
    tick: draw,
    done: () => {
      draw(total);
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}
