import type { Options } from '@grpc/proto-loader';

/** How the SDK's messages read in JS, for the plugin and the test host alike: field names as declared, int64 as numbers, bytes as Buffers, enums by name. */
export const PROTO_OPTIONS: Options = { keepCase: true, longs: Number, enums: String, bytes: Buffer, defaults: true, oneofs: true };
