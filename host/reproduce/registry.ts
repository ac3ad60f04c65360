import type { Reproduction } from "./types.ts";
import { nativeCc } from "./native-cc.ts";
import { foxyTable1, foxyTable2, foxyFig3, foxyFig4 } from "./foxyvegas.ts";
import { fvmFig3 } from "./fvm-fig3.ts";
import { fvmFig5 } from "./fvm-fig5.ts";
import { fvmFig6 } from "./fvm-fig6.ts";
import { fvmWeb } from "./fvm-web.ts";
import { outsourcingLinks } from "./outsourcing-links.ts";
import { outsourcingIntervm } from "./outsourcing-intervm.ts";
import { outsourcingNtier } from "./outsourcing-ntier.ts";
import { foxyIdleFig7, foxyIdleFig8 } from "./foxyidle.ts";
import { foxyIdleTable3 } from "./foxyidle-table3.ts";

export const REPRODUCTIONS: readonly Reproduction[] = [nativeCc, foxyTable1, foxyTable2, foxyFig3, foxyFig4, fvmFig3, fvmFig5, fvmFig6, fvmWeb, foxyIdleFig7, foxyIdleFig8, foxyIdleTable3, outsourcingLinks, outsourcingIntervm, outsourcingNtier];

export function findReproduction(name: string): Reproduction | undefined {
  return REPRODUCTIONS.find((r) => r.name === name);
}
