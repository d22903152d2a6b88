/**
 * The gRPC services' definitions, parsed from the .proto texts embedded in the bundle (a single
 * executable has no files beside it to read at run time).
 */
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import backendProto from '../proto/backend.proto';
import goPluginProto from '../proto/goplugin.proto';
import healthProto from '../proto/health.proto';
import { PROTO_OPTIONS } from './protoOptions';


export type ServiceDefinition = grpc.ServiceDefinition;

export function loadServices() {
  const root = new protobuf.Root();
  for (const text of [backendProto, goPluginProto, healthProto]) protobuf.parse(text, root, { keepCase: true });
  const loaded = grpc.loadPackageDefinition(fromJSON(root.toJSON(), PROTO_OPTIONS)) as unknown as Packages;
  return {
    data: loaded.pluginv2.Data.service,
    diagnostics: loaded.pluginv2.Diagnostics.service,
    resource: loaded.pluginv2.Resource.service,
    controller: loaded.plugin.GRPCController.service,
    stdio: loaded.plugin.GRPCStdio.service,
    health: loaded.grpc.health.v1.Health.service,
  };
}

type Service = { service: ServiceDefinition };
interface Packages {
  pluginv2: { Data: Service; Diagnostics: Service; Resource: Service };
  plugin: { GRPCController: Service; GRPCStdio: Service };
  grpc: { health: { v1: { Health: Service } } };
}
