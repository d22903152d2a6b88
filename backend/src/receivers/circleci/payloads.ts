/** The parts of CircleCI's webhook payloads the mapping reads (circleci.com/docs/webhooks-reference). */
import { z } from 'zod';

const Time = z.string().min(1);

const Pipeline = z.object({
  vcs: z.object({
    revision: z.string().optional(),
    branch: z.string().optional(),
    commit: z.object({ committed_at: Time.optional() }).optional(),
  }).optional(),
  // Pipelines of GitLab projects carry their commit here instead of in vcs.
  trigger_parameters: z.object({
    gitlab: z.object({ commit_sha: z.string().optional(), commit_timestamp: Time.optional(), branch: z.string().optional() }).optional(),
    git: z.object({ branch: z.string().optional() }).optional(),
  }).optional(),
}).optional();

export const WorkflowCompletedPayload = z.object({
  project: z.object({ slug: z.string().min(1) }),
  pipeline: Pipeline,
  workflow: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    status: z.string(),
    created_at: Time,
    stopped_at: Time.nullable().optional(),
  }),
});

export const JobCompletedPayload = z.object({
  project: z.object({ slug: z.string().min(1) }),
  pipeline: Pipeline,
  workflow: z.object({ name: z.string().min(1) }),
  job: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    status: z.string(),
    started_at: Time.nullable().optional(),
    stopped_at: Time.nullable().optional(),
  }),
});

export type CirclePipeline = z.output<typeof Pipeline>;
