import { version as coreVersion } from '../../package.json';

export function userAgent(connector: string, connectorVersion: string): string {
  return `paykit/${coreVersion} ${connector}/${connectorVersion}`;
}

export { coreVersion };
