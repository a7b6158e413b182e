import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory } from './__fixtures__/static-server.js';
import { DigitKitError, IdxFormatError } from './errors.js';
import { loadIdx } from './load-idx.js';

// [2, 3] short: 1, -2, 3, 256, -32768, 32767, written by hand (big-endian).
const FILE = new Uint8Array([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 0xff, 0xfe, 0, 3, 1, 0, 0x80, 0, 0x7f, 0xff]);
const VALUES = [1, -2, 3, 256, -32768, 32767];
const GZIPPED = new Uint8Array(gzipSync(FILE));

async function expectRejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe('loadIdx', () => {
  it('reads plain bytes, ArrayBuffers, Blobs and Responses', async () => {
    for (const source of [FILE, FILE.buffer as ArrayBuffer, new Blob([FILE]), new Response(FILE)]) {
      const { dtype, shape, data } = await loadIdx(source);
      expect(dtype).toBe('short');
      expect(shape).toEqual([2, 3]);
      expect(Array.from(data)).toEqual(VALUES);
    }
  });

  it('detects gzip (made by node:zlib) by its magic bytes and inflates it with DecompressionStream', async () => {
    expect(GZIPPED[0]).toBe(0x1f);
    const { shape, data } = await loadIdx(GZIPPED);
    expect(shape).toEqual([2, 3]);
    expect(Array.from(data)).toEqual(VALUES);
    expect(Array.from((await loadIdx(new Blob([GZIPPED]))).data)).toEqual(VALUES);
  });

  it('uses a custom decompress function when given', async () => {
    let calls = 0;
    const { data } = await loadIdx(GZIPPED, {
      decompress: async () => {
        calls++;
        return FILE;
      },
    });
    expect(calls).toBe(1);
    expect(Array.from(data)).toEqual(VALUES);
    await loadIdx(FILE, {
      decompress: async () => {
        throw new Error('must not be called for plain input');
      },
    });
  });

  it('a corrupt gzip stream is an IdxFormatError with the decompressor error as cause', async () => {
    const corrupt = GZIPPED.slice();
    corrupt.fill(0x55, 10, 20);
    const error = await expectRejectsWith(loadIdx(corrupt, { source: 'x.gz' }), IdxFormatError);
    expect(error.expected).toBe('a valid gzip stream');
    expect(error.found).toMatch(/^a corrupt gzip stream/);
    expect(error.source).toBe('x.gz');
    expect(error.cause).toBeDefined();
  });

  it('a truncated gzip stream and a bare gzip magic number are IdxFormatErrors', async () => {
    for (const cut of [2, 3, 10, 15, GZIPPED.length - 4, GZIPPED.length - 1]) {
      await expectRejectsWith(loadIdx(GZIPPED.subarray(0, cut)), IdxFormatError);
    }
  });

  it('a gzip stream holding a malformed IDX file reports the IDX problem', async () => {
    const error = await expectRejectsWith(loadIdx(gzipSync(FILE.subarray(0, 20))), IdxFormatError);
    expect(error.message).toMatch(/^parseIdx: expected 24 bytes for 2x3 short, got 20/);
  });

  it('rejects unsupported sources with a TypeError', async () => {
    await expectRejectsWith(loadIdx(42 as never), TypeError);
  });

  describe('from URLs (local HTTP server)', () => {
    let server: Awaited<ReturnType<typeof serveDirectory>>;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mnist-data-load-idx-'));
      writeFileSync(join(dir, 'a.idx'), FILE);
      writeFileSync(join(dir, 'a.idx.gz'), GZIPPED);
      server = await serveDirectory(dir);
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('fetches plain and gzipped files by string or URL', async () => {
      expect(Array.from((await loadIdx(`${server.baseUrl}a.idx`)).data)).toEqual(VALUES);
      expect(Array.from((await loadIdx(new URL('a.idx.gz', server.baseUrl))).data)).toEqual(VALUES);
    });

    it('names the URL in format errors', async () => {
      writeFileSync(join(dir, 'bad.idx'), FILE.subarray(0, 9));
      const error = await expectRejectsWith(loadIdx(`${server.baseUrl}bad.idx`), IdxFormatError);
      expect(error.source).toBe(`${server.baseUrl}bad.idx`);
    });

    it('a 404 is a DigitKitError naming the status', async () => {
      const error = await expectRejectsWith(loadIdx(`${server.baseUrl}missing.idx`), DigitKitError);
      expect(error.message).toMatch(/loadIdx: expected an HTTP 2xx response for .*missing\.idx, got 404/);
    });

    it('a failing fetch is a DigitKitError with the cause', async () => {
      const cause = new Error('offline');
      const error = await expectRejectsWith(
        loadIdx('http://example.invalid/x', {
          fetch: async () => {
            throw cause;
          },
        }),
        DigitKitError,
      );
      expect(error.cause).toBe(cause);
    });
  });
});

describe('loadIdx without DecompressionStream', () => {
  it('gzip input is a TypeError naming the missing feature, plain input still loads', async () => {
    const saved = globalThis.DecompressionStream;
    // @ts-expect-error simulate an old runtime
    delete globalThis.DecompressionStream;
    try {
      await expect(loadIdx(GZIPPED)).rejects.toThrow(/loadIdx: gzip input needs DecompressionStream/);
      await expect(loadIdx(GZIPPED)).rejects.toBeInstanceOf(TypeError);
      expect(Array.from((await loadIdx(FILE)).data)).toEqual(VALUES);
    } finally {
      globalThis.DecompressionStream = saved;
    }
  });
});
