import { createInterface } from 'node:readline';

/** Asks for a secret on a terminal without echoing it. */
export function readSecret(question: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const input = process.stdin;
    const output = process.stdout;
    if (!input.isTTY) {
      reject(new Error('no terminal'));
      return;
    }
    output.write(question);
    const rl = createInterface({ input, terminal: true });
    // Swallow the echo of each typed character.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      output.write('\n');
      resolvePromise(answer);
    });
  });
}
