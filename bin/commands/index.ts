import { Help, type Command } from 'commander';

type Register = (program: Command) => void;

/**
 * One command of `sis`: its name, its line in `sis --help`, and how to load it. Only the command
 * being run is loaded, so a command starts without importing what the others need (the web app,
 * the workbook writers, the mailer…). `test/unit/cli-commands.test.ts` checks that `term` and
 * `summary` are what the loaded command itself declares.
 */
export interface CommandEntry {
  readonly name: string;
  /** As commander prints it in the top-level help, e.g. `ingest [options] <files...>`. */
  readonly term: string;
  readonly summary: string;
  readonly load: () => Promise<Register>;
}

/** Every command, in the order of `sis --help`. One file per command; add new ones here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'templates',
    term: 'templates [options]',
    summary: 'write the blank template workbooks and the registry workbook into a folder',
    load: async () => (await import('./templates.ts')).registerTemplatesCommand,
  },
  {
    name: 'registry',
    term: 'registry',
    summary: 'the registry of LAOs, institutions and other-affiliation schools',
    load: async () => (await import('./registry.ts')).registerRegistryCommand,
  },
  {
    name: 'ingest',
    term: 'ingest [options] <files...>',
    summary: 'send roster files through the pipeline and wait for their reports',
    load: async () => (await import('./ingest.ts')).registerIngestCommand,
  },
  {
    name: 'worker',
    term: 'worker [options]',
    summary:
      'run queue workers: parse (any machine sharing Redis and the data folder), loader (owns the database), or all',
    load: async () => (await import('./worker.ts')).registerWorkerCommand,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary: 'run the loader, a parse worker and the web app (uploads, reports) on PORT',
    load: async () => (await import('./serve.ts')).registerServeCommand,
  },
  {
    name: 'dedup',
    term: 'dedup [options]',
    summary:
      'find children counted twice in a round (same ID; same name and birth date; probable same person)',
    load: async () => (await import('./dedup.ts')).registerDedupCommand,
  },
  {
    name: 'report',
    term: 'report [options] <form>',
    summary: 'compile a provincial report form (2–5) or the subsidy estimate from the warehouse',
    load: async () => (await import('./report.ts')).registerReportCommand,
  },
  {
    name: 'record',
    term: 'record',
    summary: 'outcome codes on counted pupils and children',
    load: async () => (await import('./record.ts')).registerRecordCommand,
  },
  {
    name: 'generate',
    term: 'generate [options]',
    summary: 'write a synthetic, seeded data set: registry.xlsx, files/<province>/…, truth.json',
    load: async () => (await import('./generate.ts')).registerGenerateCommand,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    summary:
      'generate two provinces of synthetic data, run them through the pipeline and serve the dashboard',
    load: async () => (await import('./demo.ts')).registerDemoCommand,
  },
  {
    name: 'user',
    term: 'user',
    summary: 'accounts: add, list, disable',
    load: async () => (await import('./user.ts')).registerUserCommand,
  },
  {
    name: 'token',
    term: 'token',
    summary: 'API tokens: create, revoke',
    load: async () => (await import('./token.ts')).registerTokenCommand,
  },
  {
    name: 'window',
    term: 'window',
    summary: "a round's data-entry window and late-upload exceptions: set, grant, revoke, list",
    load: async () => (await import('./window.ts')).registerWindowCommand,
  },
  {
    name: 'completeness',
    term: 'completeness [options]',
    summary: 'which registry institutions sent a counted roster for a round, from the warehouse',
    load: async () => (await import('./completeness.ts')).registerCompletenessCommand,
  },
  {
    name: 'snapshot',
    term: 'snapshot',
    summary: 'the read-only snapshot analysts query',
    load: async () => (await import('./snapshot.ts')).registerSnapshotCommand,
  },
  {
    name: 'query',
    term: 'query [options] <sql>',
    summary: 'runs one SELECT against the latest published snapshot (read-only)',
    load: async () => (await import('./query.ts')).registerQueryCommand,
  },
  {
    name: 'export',
    term: 'export [options]',
    summary: 'writes the latest snapshot as Parquet with personal data masked',
    load: async () => (await import('./export.ts')).registerExportCommand,
  },
  {
    name: 'certify',
    term: 'certify [options]',
    summary: "certify a province's forms 2–5 and subsidy estimate for a round (after the window closes)",
    load: async () => (await import('./certify.ts')).registerCertifyCommand,
  },
  {
    name: 'provinces',
    term: 'provinces',
    summary: "the department's view of the provinces' sign-off",
    load: async () => (await import('./provinces.ts')).registerProvincesCommand,
  },
  {
    name: 'remind',
    term: 'remind [options]',
    summary:
      'remind the LAOs of a province whose institutions have not sent (or only rejected/partial files)',
    load: async () => (await import('./remind.ts')).registerRemindCommand,
  },
];

/**
 * Adds the commands `args` (the arguments after `sis`) can reach: the named command alone, loaded
 * whole; otherwise (no command, `--help`, an unknown name) every command as a help line only, so
 * that the overview and commander's "unknown command" suggestions need no command's code.
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const entry = COMMANDS.find((c) => c.name === commandNameIn(args));
  if (entry) return (await entry.load())(program);
  const terms = new Map<Command, string>();
  for (const c of COMMANDS) terms.set(program.command(c.name).description(c.summary), c.term);
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
}

/** `ingest` in `ingest a.xlsx` and in `help ingest`; the top level takes no options but --help. */
function commandNameIn(args: readonly string[]): string | undefined {
  const [first, second] = args;
  return first === 'help' ? second : first;
}

/** Loads every command into `program` whole (for checks that need them all). */
export async function registerAllCommands(program: Command): Promise<void> {
  for (const c of COMMANDS) (await c.load())(program);
}
