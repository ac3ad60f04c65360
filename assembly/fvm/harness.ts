// The FVM monitor and controller on a bench, without the host model: the property tests feed them
// arbitrary tick sequences and congestion signals and compare with an independent reference.
import { monitorInit, monitorSample, monitorPeriodEnd, monitorEwma } from "./monitor";
import { controllerInit, controllerStep, controllerLimit, controllerRate } from "./controller";

export function fvmMonitorHarnessInit(gamma: f64, window: i32): void {
  monitorInit(1, gamma, window);
}
export function fvmMonitorHarnessTick(vctNs: f64): void {
  monitorSample(0, vctNs);
}
export function fvmMonitorHarnessPeriod(): f64 {
  return monitorPeriodEnd(0);
}
export function fvmMonitorHarnessEwma(): f64 {
  return monitorEwma(0);
}

export function fvmControllerHarnessInit(initialLimit: i32, aiThreads: i32, aiRateHz: f64, md: f64, releaseHz: f64): void {
  controllerInit(1, initialLimit, aiThreads, aiRateHz, md, releaseHz);
}
export function fvmControllerHarnessStep(congested: bool, binds: bool): void {
  controllerStep(0, congested, binds);
}
export function fvmControllerHarnessLimit(): i32 {
  return controllerLimit(0);
}
export function fvmControllerHarnessRate(): f64 {
  return controllerRate(0);
}
