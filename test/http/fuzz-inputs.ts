// fast-check arbitraries built from the OpenAPI document's JSON Schemas, for test/http/fuzz.test.ts:
// for each schema, values it accepts (so requests get past validation into the handlers and
// services) mixed with values it must refuse (wrong types, out of range, huge, hostile text).
import fc from 'fast-check';

export type Schema = Record<string, any>;

/** Ids and names that exist on the fuzzed server, so valid-looking inputs also hit real records. */
export interface KnownValues {
  ids: string[];
  tags: string[];
  accts: string[];
}

/** Text that has broken parsers, normalisers, renderers or SQL elsewhere. */
const HOSTILE = [
  '', ' ', '\t', 'مرحبا بالعالم', 'سِرْب', 'ـــــ', '#وسم', '@admin', 'ﷺ', '٣٤٥', '۰۱۲', 'عربي ' + 'ا'.repeat(300),
  '\u202Egnp.exe', '\u2066x\u2069', '\u200B\u200C\u200D\uFEFF', '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\r\n\r\n',
  '\uD800', '\uDFFF', '😀👨‍👩‍👧', 'e\u0301\u0301\u0301', '%', '%00', '%zz', '..', '../../etc/passwd', '/', '?', '#', '&', '=',
  '<script>alert(1)</script>', '"><img src=x onerror=1>', "' OR 1=1 --", '"; DROP TABLE statuses; --', '\\', '{}', '[]',
  'null', 'undefined', 'true', 'false', 'NaN', 'Infinity', '-1', '0', '-0', '1e309', '0x10', '1.5', ' 1', '1 ',
  '9'.repeat(17), '9'.repeat(40), '18446744073709551616', '-9223372036854775809', '__proto__', 'constructor',
  'javascript:alert(1)', 'data:text/html,x', 'http://127.0.0.1:1/', 'urn:ietf:wg:oauth:2.0:oob', 'read write follow push',
  'public', 'unlisted', 'private', 'direct', 'user', 'public:local', 'hashtag', 'user:notification',
];

const arabicChar = fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩،؛؟');
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const bidiChar = fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C');

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 4 },
  { arbitrary: fc.string({ unit: arabicChar, maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.oneof(arabicChar, controlChar, bidiChar, fc.constantFrom('#', '@', ' ', ':')), maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 1 },
);

/** Strings long enough to pass every maxLength; kept under the HTTP header limit in URLs. */
export const hugeString = (inUrl: boolean): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('ع', 'a', '#ت ', '😀', '\u202E', '9', '@a '), fc.integer({ min: 300, max: inUrl ? 2500 : 60_000 })).map(([unit, n]) => unit.repeat(n));

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 63, -1, 0, 1e308, 0.5),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

/** Anything that should be refused where the schema asks for something else. */
export const invalidValue = (inUrl: boolean): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: hostileString, weight: 4 }, { arbitrary: wrongType, weight: 3 }, { arbitrary: hugeString(inUrl), weight: 1 });

export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly known: KnownValues,
    private readonly inUrl: boolean,
  ) {}

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; typeof s?.$ref === 'string' && i < 10; i++) s = this.components[s.$ref.replace('#/components/schemas/', '')] ?? {};
    return s ?? {};
  }

  /** A value the schema accepts (as far as generation from it goes), or one near its edges. */
  valid(raw: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    if (schema.const !== undefined) return fc.constant(schema.const);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((alt: Schema) => this.valid(alt, name, depth)));
    if (Array.isArray(schema.allOf)) return this.object(this.merged(schema.allOf), depth);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        return this.string(schema, name);
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? -1000;
        const max = schema.maximum ?? 1_000_000;
        return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, min - 1, max + 1));
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(depth > 3 ? fc.string({ maxLength: 5 }) : this.valid(schema.items ?? {}, name, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 5) + 1 });
      case 'object':
      default:
        if (schema.properties && depth < 4) return this.object(schema, depth + 1);
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
    }
  }

  /** A valid value most of the time, an invalid one otherwise. */
  value(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof({ arbitrary: this.valid(schema, name, depth), weight: 3 }, { arbitrary: invalidValue(this.inUrl), weight: 2 });
  }

  /**
   * An object for the schema: each property present or not (required ones usually present,
   * sometimes missing), valid or not, plus now and then a key the schema does not know.
   */
  object(raw: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const schema = this.resolve(raw);
    const properties: Record<string, Schema> = schema.properties ?? {};
    const required = new Set<string>(schema.required ?? []);
    const entries = Object.entries(properties).map(([key, prop]) =>
      fc.tuple(fc.constant(key), fc.integer({ min: 0, max: 9 }), this.value(prop, key, depth)),
    );
    const extra = fc.option(fc.tuple(fc.oneof(hostileString, fc.constantFrom('__proto__', 'id', 'account_id')), wrongType), { freq: 5 });
    return fc.tuple(fc.tuple(...entries), extra).map(([picked, more]) => {
      const out: Record<string, unknown> = {};
      for (const [key, roll, value] of picked) {
        // Required: present 9 times in 10. Optional: present half the time.
        if (required.has(key) ? roll > 0 : roll >= 5) out[key] = value;
      }
      if (more) Object.defineProperty(out, more[0], { value: more[1], enumerable: true, configurable: true, writable: true });
      return out;
    });
  }

  private merged(parts: Schema[]): Schema {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of parts.map((p) => this.resolve(p))) {
      Object.assign(merged.properties, part.properties ?? {});
      merged.required.push(...(part.required ?? []));
    }
    return merged;
  }

  private string(schema: Schema, name: string): fc.Arbitrary<string> {
    const max = Math.min(schema.maxLength ?? 40, 40);
    const choices: Array<fc.WeightedArbitrary<string>> = [
      { arbitrary: fc.string({ maxLength: max, minLength: Math.min(schema.minLength ?? 0, max) }), weight: 2 },
      { arbitrary: fc.string({ unit: arabicChar, maxLength: max }), weight: 2 },
    ];
    if (schema.maxLength !== undefined) choices.push({ arbitrary: fc.constantFrom('ع'.repeat(schema.maxLength), 'a'.repeat(schema.maxLength + 1)), weight: 1 });
    if (typeof schema.pattern === 'string') choices.push({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)), weight: 3 });
    if (/id$|ids$|^id/.test(name) || schema.pattern?.includes('[0-9]')) choices.push({ arbitrary: fc.constantFrom(...this.known.ids), weight: 6 });
    if (/tag|hashtag|name|^q$/.test(name)) choices.push({ arbitrary: fc.constantFrom(...this.known.tags), weight: 4 });
    if (/acct|^q$|username|login/.test(name)) choices.push({ arbitrary: fc.constantFrom(...this.known.accts), weight: 4 });
    return fc.oneof(...choices);
  }
}
