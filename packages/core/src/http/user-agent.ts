import { VERSION as coreVersion } from '../version.js';

export function userAgent(connector: string, connectorVersion: string): string {
  return `paykit/${coreVersion} ${connector}/${connectorVersion}`;
}

export { coreVersion };
