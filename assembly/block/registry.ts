// Registered I/O schedulers: the index is the id the ABI and queue.ts's queueCreate take;
// host/storage/elevators.ts lists the names in the same order (host/core.ts checks them against
// each module's name() at load, through the ABI's name table NAMES_ELEVATORS). Adding one is a file plus one line here and one there.
// Ids: 0 noop, 1 deadline, 2 anticipatory, 3 cfq.
import { Elevator } from "./elevator";
import { Noop } from "./noop";
import { Deadline } from "./deadline";
import { Anticipatory } from "./anticipatory";
import { Cfq } from "./cfq";

// A fresh instance for one queue (elevator_alloc + the type's ops; init runs in queueCreate).
export function elevatorCreate(id: i32): Elevator {
  switch (id) {
    case 0: return new Noop();
    case 1: return new Deadline();
    case 2: return new Anticipatory();
    case 3: return new Cfq();
  }
  unreachable(); // an id the host validated against elevatorCount()
  return new Elevator();
}

// The module's name (elevator_type.elevator_name), for the ABI's name table.
export function elevatorName(id: i32): string {
  return elevatorCreate(id).name();
}

export function elevatorCount(): i32 {
  return 4;
}
