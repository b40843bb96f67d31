import { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { rejectUnknownProps } from './known-props.js';

/** The attributes of the Terraform Nomad provider that name a cluster; secrets are not among them. */
export interface NomadProviderProps {
  /** The HTTP API URL (default: NOMAD_ADDR, then http://127.0.0.1:4646). */
  readonly address?: string;
  /** The region every request names (default: NOMAD_REGION, then `global`). */
  readonly region?: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/**
 * Names the Nomad cluster a stack targets, as a `provider "nomad"` block with the Terraform Nomad
 * provider's attribute names. The token comes from NOMAD_TOKEN where opstack runs, never from
 * the stack.
 */
export class NomadProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: NomadProviderProps = {},
  ) {
    super(scope, id, {
      terraformResourceType: 'nomad',
      terraformGeneratorMetadata: { providerName: 'nomad' },
      terraformProviderSource: 'hashicorp/nomad',
    });
    rejectUnknownProps(this, props, { address: true, region: true, caFile: true, certFile: true, keyFile: true });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { address, region, caFile, certFile, keyFile } = this.props;
    return Object.fromEntries(
      Object.entries({ address, region, ca_file: caFile, cert_file: certFile, key_file: keyFile }).filter(
        ([, v]) => v !== undefined,
      ),
    );
  }
}
