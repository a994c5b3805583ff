/** A small valid spec: one SuperPoD, two busbar racks of four 950DT decode nodes each (line numbers matter to tests). */
export const MINIMAL_SPEC = `apiVersion: superpod.dev/v1alpha1
kind: ClusterSpec
metadata:
  name: mini
superPods:
  - name: pod-a
    racks:
      - name: rack-{i}
        count: 2
        height: 48
        reserved: 8
        power:
          busbar: { voltage: 800 V, current: 150 A }
        cooling:
          directLiquid: { liquidCapacity: 90 kW, airCapacity: 20 kW }
        nodes:
          - name: dt-{i}
            count: 4
            type: ascend-950dt-node
            role: decode
            acceleratorPower: 900 W
            hostPower: 1.6 kW
            height: 4
`;
