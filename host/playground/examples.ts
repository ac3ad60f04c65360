// The examples the playground offers, bundled from examples/ at build time (the page loads nothing
// else): the first is the editor's content when no scenario comes in the URL.
import congested from "../../examples/congested.json" with { type: "json" };
import fast from "../../examples/fast.json" with { type: "json" };
import foxyvegasBic from "../../examples/foxyvegas-bic.json" with { type: "json" };
import twoVm from "../../examples/two-vm.json" with { type: "json" };
import foxyidleSequential from "../../examples/foxyidle-sequential.json" with { type: "json" };
import fvmBenchmark from "../../examples/fvm-benchmark.json" with { type: "json" };
import intervmXenloop from "../../examples/intervm-xenloop.json" with { type: "json" };

export const EXAMPLES: readonly { file: string; document: unknown }[] = [
  { file: "congested.json", document: congested },
  { file: "foxyvegas-bic.json", document: foxyvegasBic },
  { file: "fast.json", document: fast },
  { file: "two-vm.json", document: twoVm },
  { file: "foxyidle-sequential.json", document: foxyidleSequential }, // a storage scenario (foxsim disk)
  { file: "fvm-benchmark.json", document: fvmBenchmark }, // a Friendly VMs scenario (foxsim fvm)
  { file: "intervm-xenloop.json", document: intervmXenloop }, // an inter-VM path scenario (foxsim paths)
];
