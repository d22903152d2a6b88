/**
 * The parts of GitLab's webhook payloads the mapping reads (docs.gitlab.com, "Webhook events");
 * project and group webhooks send the same payloads.
 */
import { z } from 'zod';

const Time = z.string().min(1);
const NullableTime = Time.nullable().optional();

export const Project = z.object({
  path_with_namespace: z.string().min(1),
  default_branch: z.string().min(1).nullable().optional(),
});

export const PipelinePayload = z.object({
  project: Project,
  object_attributes: z.object({
    id: z.number().int(),
    name: z.string().nullable().optional(),
    ref: z.string(),
    tag: z.boolean().optional(),
    status: z.string(),
    created_at: Time,
    finished_at: NullableTime,
    duration: z.number().nullable().optional(),
  }),
  commit: z.object({ id: z.string(), timestamp: Time }).nullable().optional(),
});

export const JobPayload = z.object({
  project: Project,
  ref: z.string(),
  tag: z.boolean().optional(),
  build_id: z.number().int(),
  build_name: z.string().min(1),
  build_status: z.string(),
  build_started_at: NullableTime,
  build_finished_at: NullableTime,
  build_duration: z.number().nullable().optional(),
  pipeline_id: z.number().int(),
  commit: z.object({ name: z.string().nullable().optional() }).optional(),
});

export const DeploymentPayload = z.object({
  project: Project,
  status: z.string(),
  status_changed_at: Time,
  deployment_id: z.number().int(),
  environment: z.string().min(1),
  environment_tier: z.string().nullable().optional(),
  short_sha: z.string().optional(),
  commit_url: z.string().nullable().optional(),
});

export const ReleasePayload = z.object({
  project: Project,
  id: z.number().int(),
  tag: z.string(),
  action: z.string(),
  released_at: NullableTime,
  created_at: NullableTime,
});

const Commit = z.object({ id: z.string(), timestamp: Time });

export const PushPayload = z.object({
  project: Project,
  ref: z.string(),
  after: z.string().optional(),
  commits: z.array(Commit).optional(),
});
