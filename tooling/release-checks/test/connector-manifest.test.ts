import { CONNECTOR_KITS, CONNECTOR_PACKAGES } from '@paykit/connectors';
import { describe, expect, it } from 'vitest';
import {
  connectorPackages,
  manifestPackages,
  publishablePackages,
  workspacePackages,
} from '../src/workspace.js';

// The release checks iterate the connector manifest (tooling/connectors): these checks make sure
// it is the whole list, so that a connector cannot be published without being in it.

describe('the connector manifest, as the release checks read it', () => {
  it('lists every connector package under packages/, and only workspace packages', () => {
    const published = publishablePackages()
      .filter((p) => p.name.startsWith('@paykit/connector-'))
      .map((p) => p.name);
    expect(connectorPackages().map((p) => p.name)).toEqual(expect.arrayContaining(published));
    expect(
      manifestPackages()
        .map((p) => p.name)
        .sort(),
    ).toEqual([...CONNECTOR_PACKAGES].sort());
    expect(CONNECTOR_PACKAGES.length).toBe(CONNECTOR_KITS.length);
  });

  it('keeps the examples private: never published, never asked for a changeset', () => {
    const examples = workspacePackages('examples');
    expect(examples.map((p) => p.name)).toContain('@paykit/connector-acme-pay');
    for (const example of examples) {
      expect(example.manifest.private, example.name).toBe(true);
      // scripts/changeset-check.mjs and `changeset publish` look at published packages only.
      expect(publishablePackages().map((p) => p.name)).not.toContain(example.name);
      expect(connectorPackages().map((p) => p.name)).not.toContain(example.name);
    }
    const listed = manifestPackages().map((p) => p.dir);
    expect(listed).toContain('examples/connector-acme-pay');
  });
});
