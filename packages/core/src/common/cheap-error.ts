/**
 * Builds an error without capturing a stack trace. A policy's rejection (an open
 * circuit, a full bulkhead) says everything in its type and fields; capturing the
 * stack is most of what creating it costs, and rejections must be cheap.
 */
export function cheapError<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
