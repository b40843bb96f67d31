import { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * A resource only opstack reads (Terraform has no such resource): it synthesises the given
 * attributes under `resource.<type>`, with undefined ones left out, and needs the named provider
 * block in its stack.
 */
export abstract class OpstackResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, provider: 'consul' | 'nomad', private readonly attributes: () => Record<string, unknown>) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: { providerName: provider } });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.attributes()).filter(([, value]) => value !== undefined));
  }
}
