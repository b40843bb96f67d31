import { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * A resource only opstack reads (Terraform has no such resource): it synthesises the given
 * attributes under `resource.<type>`, with undefined ones left out. It names no provider to cdktf,
 * whose missing-provider check would end the app with a stack trace: opstack's loader says which
 * provider block the stack lacks, and takes Consul or Nomad from the one it has.
 */
export abstract class OpstackResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    type: string,
    private readonly attributes: () => Record<string, unknown>,
  ) {
    super(scope, id, { terraformResourceType: type });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.attributes()).filter(([, value]) => value !== undefined));
  }
}
