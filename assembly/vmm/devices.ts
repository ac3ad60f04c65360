// Virtual device types by id; host/abi-names.ts DEVICE_TYPES keeps the same order of names.
// Adding a device type: its file in vmm/ and one line here (and its name in DEVICE_TYPES).
//
// The contract (vmm/device.ts DeviceType), all a type gives:
//   name        its name in the ABI's name tables ("vnic")
//   guestSlots  requests the guest may have on their way out (front-end ring; a NIC adds its qdisc);
//               devicePost returns false beyond it and the type decides what that means
//   hostSlots   requests that may be on their way in to the guest; deviceFromHost refuses beyond it
//   toHost      (dev, r): the backend CPU served r from the guest; hand it to the physical device
//   toGuest     (dev, r): the guest's vCPU runs and takes r (received packet, completion)
//   hook        (dev, point, r): show the device's VMM policy r at POINT_* as a typed view of what a
//               VMM sees (never a guest-internal index); called only when the device has a policy.
//               A policy may hold requests: the type keeps them itself and sends them on when the
//               policy lets go (the virtual disk holds at POINT_TO_HOST for FoxyIdle, vdisk.ts)
//   start       (dev): the run starts (a no-op for a device driven by its guest)
//   policies    how many policy ids the type knows (ids 1 … policies − 1 select one; 0 is none)
// and what it may call: devicePost (the guest posts r), deviceFromHost (the physical device hands
// r over for the guest), devicePolicy/deviceVm (which policy, which VM). The shared machinery
// (rings, the host's backend CPU with its period and the device's per-request cost, the vCPU's
// wake-up) is device.ts's; a device is created by addDevice (or, for the NIC, addVm) with its
// per-request cost on the backend CPU and its policy id.
import { DeviceType } from "./device";
import { VNIC } from "./vnic";
import { VDISK } from "./vdisk";

const types: StaticArray<DeviceType> = [
  VNIC,
  VDISK,
];

export const DEVICE_VNIC: i32 = 0; // every VM has one (addVm)
export const DEVICE_VDISK: i32 = 1; // the storage world's guest disk (storage/world.ts)

export function deviceType(id: i32): DeviceType {
  return types[id];
}

export function deviceTypeCount(): i32 {
  return types.length;
}
