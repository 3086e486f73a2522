/**
 * The AWS regions we know of, by partition, to tell a typo (`us-east-11`) from a region that is
 * merely newer than this release.
 *
 * Source: botocore's data/endpoints.json (botocore 1.43.11), each partition's `regionRegex` and
 * `regions`; AWS CLI v2 and the SDKs ship the same partition data. When AWS opens a region, add it
 * here: until then it is accepted with a warning, never refused.
 *
 * The credential-process hot path checks the shape of a region alone (settings.validateRegion) and
 * names endpoints through partitions.ts: it never loads this list.
 */
import {ConfigError} from './errors.js'
import {type Partition, PARTITION_RULES} from './partitions.js'
import {editDistance} from './suggest.js'

const KNOWN_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
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
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
}

/** Each partition's known regions (its `regions`), beside its pattern and DNS suffix. */
export const PARTITIONS: ReadonlyArray<Partition & {regions: readonly string[]}> = PARTITION_RULES.map((p) => ({...p, regions: KNOWN_REGIONS[p.name] ?? []}))

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
