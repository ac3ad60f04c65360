import type { Reproduction } from "./types.ts";
import { nativeCc } from "./native-cc.ts";

export const REPRODUCTIONS: readonly Reproduction[] = [nativeCc];

export function findReproduction(name: string): Reproduction | undefined {
  return REPRODUCTIONS.find((r) => r.name === name);
}
