/**
 * The parts of GitHub's webhook payloads the mapping reads (docs.github.com, "Webhook events and
 * payloads"); everything else in a payload is left alone.
 */
import { z } from 'zod';

const Time = z.string().min(1);
const NullableTime = Time.nullable().optional();

export const Repository = z.object({
  full_name: z.string().min(1),
  default_branch: z.string().min(1).optional(),
});

const HeadCommit = z.object({ id: z.string(), timestamp: Time }).nullable().optional();

export const WorkflowRunPayload = z.object({
  action: z.string(),
  repository: Repository,
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullable().optional(),
    path: z.string().optional(),
    run_attempt: z.number().int().positive().optional(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    head_branch: z.string().nullable().optional(),
    created_at: Time,
    updated_at: Time,
    run_started_at: NullableTime,
    head_commit: HeadCommit,
  }),
});

export const WorkflowJobPayload = z.object({
  action: z.string(),
  repository: Repository,
  workflow_job: z.object({
    id: z.number().int(),
    run_id: z.number().int(),
    run_attempt: z.number().int().positive().optional(),
    name: z.string().min(1),
    workflow_name: z.string().nullable().optional(),
    status: z.string(),
    conclusion: z.string().nullable(),
    head_branch: z.string().nullable().optional(),
    created_at: NullableTime,
    started_at: Time,
    completed_at: NullableTime,
  }),
});

export const DeploymentStatusPayload = z.object({
  action: z.string(),
  repository: Repository,
  deployment_status: z.object({
    id: z.number().int(),
    state: z.string(),
    environment: z.string().optional(),
    created_at: Time,
    updated_at: NullableTime,
  }),
  deployment: z.object({
    id: z.number().int(),
    sha: z.string(),
    environment: z.string().min(1),
    production_environment: z.boolean().optional(),
    created_at: Time,
  }),
});

export const ReleasePayload = z.object({
  action: z.string(),
  repository: Repository,
  release: z.object({
    id: z.number().int(),
    tag_name: z.string(),
    draft: z.boolean().optional(),
    prerelease: z.boolean().optional(),
    published_at: NullableTime,
    created_at: NullableTime,
  }),
});

const Commit = z.object({ id: z.string(), timestamp: Time });

export const PushPayload = z.object({
  ref: z.string(),
  deleted: z.boolean().optional(),
  repository: Repository,
  commits: z.array(Commit).optional(),
  head_commit: Commit.nullable().optional(),
});
