import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelDefs, contract, events } from '../../src/shared/contract';

describe('the contract', () => {
  it('names each channel domain:verb and each method in camelCase, keyed by its method, without duplicates', () => {
    for (const [key, def] of Object.entries(contract)) {
      expect(def.method).toBe(key);
      expect(def.channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
      expect(def.method).toMatch(/^[a-z][a-zA-Z]*$/);
    }
    expect(new Set(channelDefs.map((d) => d.channel)).size).toBe(channelDefs.length);
    expect(channelDefs.map((d) => d.method)).not.toContain('onEvent');
  });

  it('uses strict object schemas for every input, meta and event', () => {
    for (const def of channelDefs) {
      const schema = def.kind === 'json' ? def.input : def.meta;
      expect(schema.safeParse({ ...(def.example as object), surplus: true }).success, def.channel).toBe(
        false,
      );
      // Outputs are objects, or a union of objects told apart by a literal field.
      const options = def.output instanceof z.ZodDiscriminatedUnion ? def.output.options : [def.output];
      for (const o of options) expect(o, def.channel).toBeInstanceOf(z.ZodObject);
    }
    for (const [name, schema] of Object.entries(events)) {
      expect(name).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
      expect(schema.safeParse({ surplus: true }).success).toBe(false);
    }
  });

  it('caps every binary channel', () => {
    for (const def of channelDefs) {
      if (def.kind === 'binary') expect(def.maxBytes).toBeGreaterThan(0);
    }
  });
});
