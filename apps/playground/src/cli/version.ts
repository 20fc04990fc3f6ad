import corePackage from '@paykit/core/package.json' with { type: 'json' };
import queuePackage from '@paykit/queue/package.json' with { type: 'json' };
import playgroundPackage from '../../package.json' with { type: 'json' };

/** The playground's version and paykit's it runs on: read without loading any connector. */
export function versionText(): string {
  return `paykit playground ${playgroundPackage.version} (@paykit/core ${corePackage.version}, @paykit/queue ${queuePackage.version}; Node.js ${process.version})\n`;
}
