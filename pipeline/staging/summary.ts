import { z } from 'zod';

/** What a parse worker tells the loader about one file, beside the staged tables. */
export const stagingSummarySchema = z.object({
  submissionId: z.number().int().positive(),
  templateId: z.enum(['sis-students', 'ccis-children', 'other-schools']).nullable(),
  templateVersion: z.string().nullable(),
  subjectCode: z.string().nullable(),
  roundId: z.string().nullable(),
  facts: z.object({
    teachers: z.number().int().nullable(),
    classrooms: z.number().int().nullable(),
    caregivers: z.number().int().nullable(),
  }),
  status: z.enum(['accepted', 'partial', 'rejected']),
  rows: z.object({ total: z.number().int(), accepted: z.number().int(), rejected: z.number().int() }),
  issueCount: z.number().int(),
  /** The staged issues by severity (so the loader never has to count them in the warehouse). */
  errors: z.number().int(),
  warnings: z.number().int(),
  /** The tables in which this file has rows (a part's table files hold several files' rows). */
  staged: z.array(z.enum(['pupils', 'children', 'other_school_counts', 'issues'])),
});

export type StagingSummary = z.infer<typeof stagingSummarySchema>;

/** A part's commit mark: the summaries of every file whose rows it holds. */
export const partSummariesSchema = z.array(stagingSummarySchema);
