// The one list of connectors. The playground, the conformance run, the system tests (the fault
// matrix and the other suites) and the release checks all iterate it: a connector listed here
// is in all of them. `pnpm new-connector <id>` adds its kit (an import and an entry) and the
// dependency in package.json; nothing else is edited by hand.
import { acmePayTestKit } from '@paykit/connector-acme-pay/testing';
import { liquidoTestKit } from '@paykit/connector-liquido/testing';
import { payerMaxTestKit } from '@paykit/connector-payermax/testing';
import { yabandPayTestKit } from '@paykit/connector-yabandpay/testing';
import { type AnyConnectorTestKit, kitsById } from '@paykit/core/testing';
import manifest from '../package.json' with { type: 'json' };

/** Every connector's test kit, in the order the playground shows them. */
export const CONNECTOR_KITS: readonly AnyConnectorTestKit[] = [
  liquidoTestKit,
  payerMaxTestKit,
  yabandPayTestKit,
  acmePayTestKit,
  // new-connector: generated kits go above this line
];

/** The kits by connector id (a duplicate id throws here, at import). */
export const KITS_BY_ID: ReadonlyMap<string, AnyConnectorTestKit> = kitsById(CONNECTOR_KITS);

/** The kit of a connector; an unknown id throws, listing the known ones. */
export function kitFor(id: string): AnyConnectorTestKit {
  const kit = KITS_BY_ID.get(id);
  if (!kit) {
    throw new Error(
      `No connector "${id}" in the manifest; known: ${[...KITS_BY_ID.keys()].join(', ')}.`,
    );
  }
  return kit;
}

/** The connector ids, in manifest order. */
export const CONNECTOR_IDS: readonly string[] = CONNECTOR_KITS.map((kit) => kit.id);

/** The packages the kits come from: this package's dependencies, core aside. */
export const CONNECTOR_PACKAGES: readonly string[] = Object.keys(manifest.dependencies)
  .filter((name) => name !== '@paykit/core')
  .sort();
