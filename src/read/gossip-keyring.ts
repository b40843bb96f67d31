import type { ApiClient } from '../api/api-client.js';
import { readConsulKeyring } from './consul-keyring.js';
import type { KeyringRead } from './keyring-read.js';
import { readNomadKeyring } from './nomad-keyring.js';

/** The gossip keyring of the client's cluster, Consul's or Nomad's, with keys as fingerprints. */
export function readGossipKeyring(client: ApiClient): Promise<KeyringRead> {
  return client.connection.product === 'consul' ? readConsulKeyring(client) : readNomadKeyring(client);
}
