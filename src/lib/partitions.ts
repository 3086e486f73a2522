/**
 * The AWS partitions: which region codes each one has (its `regionRegex`) and the DNS suffix of its
 * endpoints. Source: botocore's data/endpoints.json (botocore 1.43.11). Kept apart from the region
 * list in regions.ts because the credential-process hot path names endpoints (serviceOrigin) and
 * must not carry that list.
 */
export interface Partition {
  name: string
  /** The partition's regionRegex, lower case only (region codes are). */
  pattern: RegExp
  /** The partition's `dnsSuffix`: service endpoints are `<service>.<region>.<dnsSuffix>`. */
  dnsSuffix: string
}

export const PARTITION_RULES: readonly Partition[] = [
  {name: 'aws', pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.com'},
  {name: 'aws-cn', pattern: /^cn-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.com.cn'},
  {name: 'aws-us-gov', pattern: /^us-gov-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.com'},
  {name: 'aws-iso', pattern: /^us-iso-[a-z]+-\d+$/, dnsSuffix: 'c2s.ic.gov'},
  {name: 'aws-iso-b', pattern: /^us-isob-[a-z]+-\d+$/, dnsSuffix: 'sc2s.sgov.gov'},
  {name: 'aws-iso-e', pattern: /^eu-isoe-[a-z]+-\d+$/, dnsSuffix: 'cloud.adc-e.uk'},
  {name: 'aws-iso-f', pattern: /^us-isof-[a-z]+-\d+$/, dnsSuffix: 'csp.hci.ic.gov'},
  {name: 'aws-eusc', pattern: /^eusc-de-[a-z]+-\d+$/, dnsSuffix: 'amazonaws.eu'},
]

/** The partition a region code belongs to, by the partitions' patterns. */
export function partitionOf(region: string): Partition | undefined {
  return PARTITION_RULES.find((p) => p.pattern.test(region))
}

/**
 * `https://<service>.<region>.<dnsSuffix>`: the endpoint the AWS SDKs resolve for a region (no FIPS,
 * no dual-stack), for text that names a host or a URL built outside an SDK client. A region of no
 * known partition gets the `aws` suffix, as the SDKs' partition lookup does.
 */
export function serviceOrigin(service: string, region: string): string {
  return `https://${service}.${region}.${partitionOf(region)?.dnsSuffix ?? 'amazonaws.com'}`
}
