/**
 * The AWS regions we know of, by partition, to tell a typo (`us-east-11`) from a region that is
 * merely newer than this release.
 *
 * Source: botocore's data/endpoints.json (botocore 1.43.11), each partition's `regionRegex` and
 * `regions`; AWS CLI v2 and the SDKs ship the same partition data. When AWS opens a region, add it
 * here: until then it is accepted with a warning, never refused.
 *
 * The credential-process hot path checks the shape of a region alone (settings.validateRegion);
 * it reaches this table only to name an endpoint (serviceOrigin), which is small and needs no list.
 */
import {ConfigError} from './errors.js'
import {editDistance} from './suggest.js'

interface Partition {
  name: string
  /** The partition's regionRegex, lower case only (region codes are). */
  pattern: RegExp
  /** The partition's `dnsSuffix`: service endpoints are `<service>.<region>.<dnsSuffix>`. */
  dnsSuffix: string
  regions: readonly string[]
}

export const PARTITIONS: readonly Partition[] = [
  {
    name: 'aws',
    pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/,
    dnsSuffix: 'amazonaws.com',
    regions: [
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'mx-central-1',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ],
  },
  {name: 'aws-cn', pattern: /^cn-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.com.cn', regions: ['cn-north-1', 'cn-northwest-1']},
  {name: 'aws-us-gov', pattern: /^us-gov-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.com', regions: ['us-gov-east-1', 'us-gov-west-1']},
  {name: 'aws-iso', pattern: /^us-iso-[a-z]+-\d+$/, dnsSuffix: 'c2s.ic.gov', regions: ['us-iso-east-1', 'us-iso-west-1']},
  {name: 'aws-iso-b', pattern: /^us-isob-[a-z]+-\d+$/, dnsSuffix: 'sc2s.sgov.gov', regions: ['us-isob-east-1', 'us-isob-west-1']},
  {name: 'aws-iso-e', pattern: /^eu-isoe-[a-z]+-\d+$/, dnsSuffix: 'cloud.adc-e.uk', regions: ['eu-isoe-west-1']},
  {name: 'aws-iso-f', pattern: /^us-isof-[a-z]+-\d+$/, dnsSuffix: 'csp.hci.ic.gov', regions: ['us-isof-east-1', 'us-isof-south-1']},
  {name: 'aws-eusc', pattern: /^eusc-de-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.eu', regions: ['eusc-de-east-1']},
]

/**
 * `https://<service>.<region>.<dnsSuffix>`: the endpoint the AWS SDKs resolve for a region (no FIPS,
 * no dual-stack), for text that names a host or a URL built outside an SDK client. A region of no
 * known partition gets the `aws` suffix, as the SDKs' partition lookup does.
 */
export function serviceOrigin(service: string, region: string): string {
  const suffix = PARTITIONS.find((p) => p.pattern.test(region))?.dnsSuffix ?? 'amazonaws.com'
  return `https://${service}.${region}.${suffix}`
}

/** The known region one or two edits away, when there is exactly one closest. */
function nearest(value: string): string | undefined {
  const scored = PARTITIONS.flatMap((p) => p.regions).map((region) => ({region, d: editDistance(value, region)}))
  const best = Math.min(...scored.map((s) => s.d))
  const closest = scored.filter((s) => s.d === best)
  return best <= 2 && closest.length === 1 ? closest[0].region : undefined
}

/**
 * Refuses a value no partition's pattern matches; for one that matches a pattern but is not in
 * the list, returns a one-line warning (the region may be newer than this list). Undefined: known.
 */
export function checkRegion(value: string, label = 'region'): string | undefined {
  const partition = PARTITIONS.find((p) => p.pattern.test(value))
  if (!partition) {
    const guess = nearest(value)
    throw new ConfigError(
      `${JSON.stringify(value)} is not an AWS region${guess ? `; did you mean ${guess}?` : '.'} Use a region code such as us-east-1 or eu-west-2.`,
    )
  }

  if (partition.regions.includes(value)) return undefined
  const guess = nearest(value)
  return `Warning: ${label} ${JSON.stringify(value)} is not a region aws-sso-util knows${guess ? ` (did you mean ${guess}?)` : ''}; using it as given, in case it is newer than this release.`
}
