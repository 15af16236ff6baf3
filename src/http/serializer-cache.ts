// Fastify compiles a fast-json-stringify serializer for every route's every response schema when
// it starts listening (once per plugin context, each with its own compiler), and most of those
// schemas are the same few entities (a Status, a list of Statuses, an Account, the error object)
// on dozens of routes. Each distinct one is compiled once per process, and only when a response
// first uses it: a process's start (after a crash, or in a rolling restart) waited on ~1,100
// compiles, most for answers it may never give. The first answer of each kind pays its compile
// once (tens of milliseconds).
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<Factory>>;

/** Counts, for the test that shows the sharing happens. */
export const serializerCompiles = { requested: 0, compiled: 0 };

const compiled = new Map<string, Serializer>();
/** Each distinct set of shared schemas and options, as a short number for the keys above. */
const contexts = new Map<string, number>();

/** The default serializer factory, with one function per distinct schema, compiled on first use. */
export const sharedSerializers: Factory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  // The output depends on the schema, the shared schemas it may $ref, and the options.
  const described = JSON.stringify([externalSchemas ?? null, options ?? null]);
  const context = contexts.get(described) ?? contexts.set(described, contexts.size).size - 1;
  return (route) => {
    serializerCompiles.requested++;
    const key = `${context}\n${JSON.stringify(route.schema)}`;
    let serialize = compiled.get(key);
    if (!serialize) {
      let built: Serializer | undefined;
      serialize = (doc) => {
        if (!built) {
          serializerCompiles.compiled++;
          built = compile(route);
        }
        return built(doc);
      };
      compiled.set(key, serialize);
    }
    return serialize;
  };
};
