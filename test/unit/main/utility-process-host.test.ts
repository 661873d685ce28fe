import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A fake utilityProcess child: records what is posted, and lets the test emit messages and exits.
class FakeChild extends EventEmitter {
  pid = 4242;
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.kills++;
    return true;
  }
}

const fake = vi.hoisted(() => ({
  children: [] as unknown[],
  forkArgs: [] as unknown[][],
  metrics: [] as { pid: number; memory: { workingSetSize: number } }[],
}));
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (...args: unknown[]) => {
      fake.forkArgs.push(args);
      const child = new FakeChild();
      fake.children.push(child);
      return child;
    },
  },
  app: { getAppMetrics: () => fake.metrics },
}));

const { createUtilityProcessHost } = await import('../../../src/main/utility-process-host');

beforeEach(() => {
  fake.children.length = 0;
  fake.forkArgs.length = 0;
  fake.metrics = [];
});

describe('the utilityProcess host of the PDF worker', () => {
  it('forks the entry with stdio ignored and passes messages both ways', () => {
    const handle = createUtilityProcessHost().start({
      modulePath: '/app/out/main/pdf-worker.js',
      execArgv: [],
    });
    const [modulePath, args, options] = fake.forkArgs[0]!;
    expect(modulePath).toBe('/app/out/main/pdf-worker.js');
    expect(args).toEqual([]);
    expect(options).toMatchObject({ stdio: 'ignore' });
    const child = fake.children[0] as FakeChild;
    const bytes = new Uint8Array([37, 80, 68, 70]);
    handle.send({ type: 'analyze', bytes });
    expect(child.posted).toEqual([{ type: 'analyze', bytes }]);
    const got: unknown[] = [];
    const off = handle.onMessage((m) => got.push(m));
    child.emit('message', { type: 'heartbeat', rssBytes: 1 });
    off();
    child.emit('message', { type: 'ignored' });
    expect(got).toEqual([{ type: 'heartbeat', rssBytes: 1 }]);
  });

  it('reports exit, stops sending and killing after it, and reads memory from the app metrics', () => {
    const handle = createUtilityProcessHost().start({ modulePath: '/w.js', execArgv: [] });
    const child = fake.children[0] as FakeChild;
    expect(handle.sampleRssBytes()).toBeNull();
    fake.metrics = [
      { pid: 1, memory: { workingSetSize: 5 } },
      { pid: 4242, memory: { workingSetSize: 2048 } },
    ];
    expect(handle.sampleRssBytes()).toBe(2048 * 1024);
    const exits: unknown[] = [];
    handle.onExit((e) => exits.push(e));
    handle.kill();
    expect(child.kills).toBe(1);
    child.emit('exit', 9);
    expect(exits).toEqual([{ code: 9, signal: null }]);
    handle.kill();
    handle.send({ type: 'late' });
    expect(child.kills).toBe(1);
    expect(child.posted).toEqual([]);
  });
});
