import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Error messages and stack traces often quote the data that caused them. Encoding them as a
 * payload lets the codec encrypt them like any other payload; the server keeps only
 * "Encoded failure". Loaded by path (DataConverter.failureConverterPath) because the worker also
 * bundles it into the workflow sandbox — so this file imports nothing but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
