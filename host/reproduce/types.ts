import type { Core } from "../core.ts";

export interface ReproContext {
  full: boolean; // the paper's scale, else a quick one
  newCore: () => Promise<Core>;
  progress: (done: number, total: number, label: string) => void;
}

export interface ReproOutput {
  title: string;
  text: string; // the table(s) and checks, for people
  json: { rows: unknown[]; [key: string]: unknown };
  plots: { file: string; svg: string }[];
}

export interface Reproduction {
  name: string;
  summary: string;
  run(ctx: ReproContext): Promise<ReproOutput>;
}
