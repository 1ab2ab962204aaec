export { defineStack } from "./define.js";
export { nixImage, type NixImage, type NixImageOptions } from "./nix-image.js";
export type { MergedStack, Stack, StackExport, StackFactory, StackInput, StackNames } from "./stack.js";
export type { Service, PullPolicy, RestartPolicyName, StopSignal } from "./service.js";
export type {
  Command,
  Dependency,
  DependsOn,
  DependsOnCondition,
  EnvFileObject,
  Extends,
  ExtraHosts,
  Healthcheck,
  HealthcheckTest,
  LogDriver,
  Logging,
  Port,
  PortMode,
  PortObject,
  PortProtocol,
  PreStartHook,
  Provider,
  ServiceHook,
  ServiceModel,
  ServiceModels,
  ServiceNetwork,
  ServiceNetworks,
} from "./service-parts.js";
export type {
  BindMount,
  BindOptions,
  ClusterMount,
  ImageMount,
  ImageOptions,
  NpipeMount,
  ServiceConfig,
  ServiceConfigObject,
  ServiceSecret,
  ServiceSecretObject,
  ServiceVolume,
  TmpfsMount,
  TmpfsOptions,
  VolumeMount,
  VolumeOptions,
  VolumeType,
} from "./service-mounts.js";
export type {
  BlkioConfig,
  BlkioLimit,
  BlkioWeight,
  DeviceObject,
  DeviceRequest,
  Ulimit,
  UlimitName,
  Ulimits,
} from "./service-resources.js";
export type { Capability, CredentialSpec } from "./service-isolation.js";
export type { Build } from "./build.js";
export type {
  Deploy,
  GenericResource,
  Placement,
  ResourceLimits,
  ResourceReservations,
  Resources,
  RestartPolicy,
  UpdateConfig,
} from "./deploy.js";
export type { Develop, WatchAction, WatchRule } from "./develop.js";
export type {
  Config,
  External,
  Include,
  IncludeObject,
  Ipam,
  IpamPool,
  Model,
  Network,
  NetworkDriver,
  Secret,
  Volume,
  VolumeDriver,
} from "./resources.js";
export type { AddressPool, AutoPrune, DaemonSettings, Host, HostDocker, RootlessDocker } from "./host.js";
export type { AccessMode, HostPath, Link, NamespaceRef, NetworkMode, ShortVolume, VolumesFrom } from "./refs.js";
export type {
  Bool,
  ByteSize,
  Cpus,
  DriverOpts,
  Duration,
  Extensions,
  Int,
  Interpolated,
  ListOrDict,
  MapValue,
  Num,
  StringOrList,
} from "./scalars.js";
