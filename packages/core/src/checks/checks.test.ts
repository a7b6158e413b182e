import { describe, expect, it } from 'vitest';
import { checkFiniteNumber, checkInteger } from './check-number.js';
import { checkOptions } from './check-options.js';
import { checkArrayLike, checkBoolean, checkFunction, checkOneOf, checkString } from './check-value.js';
import { closestName } from './closest-name.js';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it('describes every kind of value briefly', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(3)).toBe('3');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(true)).toBe('true');
    expect(describeValue('abc')).toBe('the string "abc"');
    expect(describeValue('x'.repeat(100))).toBe(`the string "${'x'.repeat(40)}…"`);
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue(new Float32Array(5))).toBe('a Float32Array of length 5');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
  });
});

describe('closestName', () => {
  const known = ['epochs', 'batchSize', 'learningRate', 'seed', 'validationSplit'];
  it('finds one-letter typos and case slips', () => {
    expect(closestName('epochz', known)).toBe('epochs');
    expect(closestName('batchsize', known)).toBe('batchSize');
    expect(closestName('learningrate', known)).toBe('learningRate');
    expect(closestName('sed', known)).toBe('seed');
  });
  it('proposes nothing for unrelated names', () => {
    expect(closestName('callbacks', known)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});

describe('checkOptions', () => {
  const known = ['epochs', 'batchSize'] as const;
  it('returns {} for undefined and the object itself otherwise', () => {
    expect(checkOptions('f', undefined, known)).toEqual({});
    const options = { epochs: 3 };
    expect(checkOptions('f', options, known)).toBe(options);
  });
  it('rejects unknown keys with a did-you-mean and the known list', () => {
    expect(() => checkOptions('trainClassifier', { epochz: 5 }, known)).toThrow(
      new TypeError('trainClassifier: unknown option options.epochz (did you mean epochs?); known options: batchSize, epochs'),
    );
    expect(() => checkOptions('f', { verbose: 1 }, known)).toThrow(/unknown option options\.verbose; known options: batchSize, epochs$/);
    expect(() => checkOptions('f', { a: 1 }, [], 'options.earlyStopping')).toThrow(
      'f: unknown option options.earlyStopping.a; known options: none',
    );
  });
  it('rejects non-objects', () => {
    for (const bad of [3, 'x', null, [1], true]) {
      expect(() => checkOptions('f', bad as never, known)).toThrow(TypeError);
    }
    expect(() => checkOptions('f', 3 as never, known)).toThrow('f: expected options to be an object, got 3');
  });
});

describe('number checks', () => {
  it('accepts numbers within bounds and returns them', () => {
    expect(checkFiniteNumber('f', 'x', 0.5, { greaterThan: 0, max: 1 })).toBe(0.5);
    expect(checkInteger('f', 'n', 7, { min: 1 })).toBe(7);
    expect(checkInteger('f', 'n', -3)).toBe(-3);
  });
  it('throws TypeError for non-numbers and RangeError for bad numbers, in one format', () => {
    expect(() => checkFiniteNumber('fit', 'options.rate', '3')).toThrow(
      new TypeError('fit: expected options.rate to be a finite number, got the string "3"'),
    );
    expect(() => checkFiniteNumber('fit', 'rate', Number.NaN)).toThrow(RangeError);
    expect(() => checkFiniteNumber('fit', 'rate', Infinity)).toThrow(RangeError);
    expect(() => checkFiniteNumber('fit', 'rate', 0, { greaterThan: 0 })).toThrow(
      new RangeError('fit: expected rate to be a finite number > 0, got 0'),
    );
    expect(() => checkFiniteNumber('fit', 'p', 1.5, { min: 0, lessThan: 1 })).toThrow('expected p to be a finite number ≥ 0 and < 1, got 1.5');
    expect(() => checkInteger('subsetDataset', 'count', 2.5, { min: 1 })).toThrow(
      new RangeError('subsetDataset: expected count to be an integer ≥ 1, got 2.5'),
    );
    expect(() => checkInteger('f', 'n', 2 ** 53)).toThrow(RangeError);
    expect(() => checkInteger('f', 'n', 11, { max: 10 })).toThrow('expected n to be an integer ≤ 10, got 11');
    expect(() => checkInteger('f', 'n', null)).toThrow(TypeError);
  });
});

describe('value checks', () => {
  it('checkOneOf lists the allowed values', () => {
    expect(checkOneOf('createModel', 'name', 'lenet5', ['lenet5', 'paper-cnn'])).toBe('lenet5');
    expect(() => checkOneOf('createModel', 'name', 'lenet', ['lenet5', 'paper-cnn'])).toThrow(
      new TypeError(`createModel: expected name to be one of 'lenet5', 'paper-cnn', got the string "lenet"`),
    );
    expect(() => checkOneOf('f', 'k', 4, [1, 3])).toThrow('expected k to be one of 1, 3, got 4');
  });
  it('checkBoolean, checkFunction, checkString', () => {
    expect(checkBoolean('f', 'b', false)).toBe(false);
    expect(() => checkBoolean('f', 'b', 0)).toThrow('f: expected b to be a boolean, got 0');
    const fn = (): number => 1;
    expect(checkFunction('f', 'cb', fn)).toBe(fn);
    expect(() => checkFunction('f', 'cb', {})).toThrow('f: expected cb to be a function, got an object');
    expect(checkString('f', 's', 'a')).toBe('a');
    expect(() => checkString('f', 's', '')).toThrow('f: expected s to be a non-empty string, got the string ""');
  });
  it('checkArrayLike accepts arrays and typed arrays, not strings or DataViews', () => {
    expect(checkArrayLike('f', 'a', [1, 2])).toBe(2);
    expect(checkArrayLike('f', 'a', new Uint8Array(3))).toBe(3);
    expect(checkArrayLike('f', 'a', [], { nonEmpty: false })).toBe(0);
    expect(() => checkArrayLike('f', 'a', [])).toThrow(new RangeError('f: expected a to be non-empty, got length 0'));
    expect(() => checkArrayLike('f', 'a', 'abc')).toThrow(TypeError);
    expect(() => checkArrayLike('f', 'a', new DataView(new ArrayBuffer(2)))).toThrow(TypeError);
    expect(() => checkArrayLike('f', 'a', { length: -1 })).toThrow(TypeError);
  });
});
