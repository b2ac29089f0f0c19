"""moto server as the product's local AWS, with the few patches its runs rely on.

Tooling only (nothing here is product code): scripts/moto-server.ts starts it with the venv's Python.
Each patch makes moto do what AWS documents, where moto ignores a parameter the product relies on;
docs/architecture.md ("Moto gaps") lists them with their AWS evidence, and
tests/integration/moto-patches.test.ts holds each to it.
"""

import sys

from moto import server
from moto.ec2.responses.vpcs import VPCs

_modify_vpc_endpoint = VPCs.modify_vpc_endpoint


def modify_vpc_endpoint(self):
    """ModifyVpcEndpoint's PrivateDnsEnabled, IpAddressType and DnsOptions change the endpoint.

    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpoint.html
    ("PrivateDnsEnabled: (Interface endpoint) Indicates whether a private hosted zone is associated with
    the VPC"; "IpAddressType: The IP address type for the endpoint"; "DnsOptions: The DNS options for the
    endpoint"). moto 5.2.5 reads none of them and leaves the endpoint as it was made.
    """
    result = _modify_vpc_endpoint(self)
    endpoint_id = self._get_param("VpcEndpointId")
    endpoint = self.ec2_backend.describe_vpc_endpoints(vpc_end_point_ids=[endpoint_id])[0]
    private_dns = self._get_bool_param("PrivateDnsEnabled")
    if private_dns is not None:
        endpoint.private_dns_enabled = private_dns
    ip_address_type = self._get_param("IpAddressType")
    if ip_address_type:
        endpoint.ip_address_type = ip_address_type
    dns_options = self._get_param("DnsOptions")
    if dns_options:
        endpoint.dns_options = {**(getattr(endpoint, "dns_options", None) or {}), **dns_options}
    return result


VPCs.modify_vpc_endpoint = modify_vpc_endpoint

_create_vpc_endpoint = VPCs.create_vpc_endpoint


def create_vpc_endpoint(self):
    """A resource endpoint names its resource configuration and sits in its subnets like an interface one.

    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html ("ResourceConfigurationArn:
    The Amazon Resource Name (ARN) of the resource configuration"; "NetworkInterfaceIds: (Interface
    endpoint) The network interfaces"; "DnsEntries: The DNS entries for the endpoint") and
    https://docs.aws.amazon.com/vpc/latest/privatelink/use-resource-endpoint.html (the endpoint's network
    interfaces in the chosen subnets, its security groups, and a DNS name). moto 5.2.5 keeps none of them
    for VpcEndpointType=Resource: it drops the ARN, makes no interfaces and no DNS entries.
    """
    result = _create_vpc_endpoint(self)
    if (self._get_param("VpcEndpointType") or "").lower() != "resource":
        return result
    endpoint = result.result["VpcEndpoint"]
    arn = self._get_param("ResourceConfigurationArn")
    endpoint.resource_configuration_arn = arn
    endpoint.service_name = None
    endpoint.network_interface_ids = [
        self.ec2_backend.create_network_interface(subnet, None).id for subnet in endpoint.subnet_ids
    ]
    region = self.ec2_backend.region_name
    endpoint.dns_entries = [
        {"dns_name": f"{endpoint.id}.{arn.rsplit('/', 1)[-1]}.vpc-lattice-rsc.{region}.on.aws", "hosted_zone_id": "Z0RESOURCE"}
    ]
    endpoint.private_dns_enabled = False
    return result


VPCs.create_vpc_endpoint = create_vpc_endpoint


# Route 53 across accounts: a zone of one account associated with a VPC of another.
# https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html
# ("use the account that created the hosted zone to authorize the association ... use the account that
# created the VPC to associate it ... we recommend that you delete the authorization"). moto 5.2.5 has
# no authorizations, keeps each account's zones apart, and lists only the caller's own zones by VPC.
from moto.core.responses import ActionResult, EmptyResult  # noqa: E402
from moto.route53 import urls as route53_urls  # noqa: E402
from moto.route53.exceptions import NoSuchHostedZone, Route53ClientError  # noqa: E402
from moto.route53.models import route53_backends  # noqa: E402
from moto.route53.responses import Route53  # noqa: E402

_AUTHORIZE = r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/authorizevpcassociation$"
_DEAUTHORIZE = r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/deauthorizevpcassociation$"
route53_urls.url_paths[_AUTHORIZE] = Route53.dispatch
route53_urls.url_paths[_DEAUTHORIZE] = Route53.dispatch


class NotAuthorizedException(Route53ClientError):
    """AssociateVPCWithHostedZone of another account's zone, not authorized by that account."""

    def __init__(self) -> None:
        super().__init__(
            "NotAuthorizedException",
            "Associating the specified VPC with the specified hosted zone has not been authorized.",
        )


class VPCAssociationAuthorizationNotFound(Route53ClientError):
    """DeleteVPCAssociationAuthorization of an authorization that does not exist."""

    def __init__(self) -> None:
        super().__init__(
            "VPCAssociationAuthorizationNotFound",
            "The VPC that you specified is not authorized to be associated with the hosted zone.",
        )


def _authorizations(backend):
    """Each zone's authorized (VPC id, region) pairs, kept on the zone owner's backend."""
    if not hasattr(backend, "vpc_association_authorizations"):
        backend.vpc_association_authorizations = {}
    return backend.vpc_association_authorizations


def _zone_id(raw):
    return (raw or "").replace("/hostedzone/", "")


def _owner_of(zone_id, partition):
    """The account holding the zone, and its backend, whichever account it is."""
    for account_id in list(route53_backends.keys()):
        backend = route53_backends[account_id][partition]
        if zone_id in backend.zones:
            return account_id, backend
    raise NoSuchHostedZone(zone_id)


def create_vpc_association_authorization(self):
    zone_id = _zone_id(self._get_param("HostedZoneId"))
    self.backend.get_hosted_zone(zone_id)
    vpc = (self._get_param("VPC.VPCId"), self._get_param("VPC.VPCRegion"))
    _authorizations(self.backend).setdefault(zone_id, set()).add(vpc)
    return ActionResult({"HostedZoneId": zone_id, "VPC": {"VPCId": vpc[0], "VPCRegion": vpc[1]}})


def delete_vpc_association_authorization(self):
    zone_id = _zone_id(self._get_param("HostedZoneId"))
    self.backend.get_hosted_zone(zone_id)
    vpc = (self._get_param("VPC.VPCId"), self._get_param("VPC.VPCRegion"))
    authorized = _authorizations(self.backend).get(zone_id, set())
    if vpc not in authorized:
        raise VPCAssociationAuthorizationNotFound()
    authorized.discard(vpc)
    return EmptyResult()


def list_vpc_association_authorizations(self):
    zone_id = _zone_id(self._get_param("HostedZoneId"))
    self.backend.get_hosted_zone(zone_id)
    vpcs = sorted(_authorizations(self.backend).get(zone_id, set()))
    return ActionResult(
        {"HostedZoneId": zone_id, "VPCs": [{"VPCId": v, "VPCRegion": r} for v, r in vpcs]}
    )


_associate = Route53.associate_vpc_with_hosted_zone
_disassociate = Route53.disassociate_vpc_from_hosted_zone
_list_by_vpc = Route53.list_hosted_zones_by_vpc


def associate_vpc_with_hosted_zone(self):
    """Another account's zone: only where its owner authorized this VPC (then the association stays)."""
    zone_id = _zone_id(self._get_param("HostedZoneId"))
    if zone_id in self.backend.zones:
        return _associate(self)
    _, owner = _owner_of(zone_id, self.partition)
    vpc = (self._get_param("VPC.VPCId"), self._get_param("VPC.VPCRegion"))
    if vpc not in _authorizations(owner).get(zone_id, set()):
        raise NotAuthorizedException()
    owner.associate_vpc_with_hosted_zone(zone_id, vpc[0], vpc[1])
    return ActionResult({"ChangeInfo": {"Id": "/change/a1b2c3d4", "Status": "INSYNC"}})


def disassociate_vpc_from_hosted_zone(self):
    """Either the zone's account or the VPC's may disassociate them."""
    zone_id = _zone_id(self._get_param("HostedZoneId"))
    if zone_id in self.backend.zones:
        return _disassociate(self)
    _, owner = _owner_of(zone_id, self.partition)
    owner.disassociate_vpc_from_hosted_zone(zone_id, self._get_param("VPC.VPCId"))
    return ActionResult({"ChangeInfo": {"Id": "/change/a1b2c3d4", "Status": "INSYNC"}})


def list_hosted_zones_by_vpc(self):
    """Every zone the VPC is associated with, whichever account owns it (its OwningAccount)."""
    result = _list_by_vpc(self)
    vpc_id = self._get_param("VPCId")
    summaries = result.result["HostedZoneSummaries"]
    for account_id in list(route53_backends.keys()):
        if account_id == self.current_account:
            continue
        for zone in route53_backends[account_id][self.partition].zones.values():
            if zone.private_zone and any(v["vpc_id"] == vpc_id for v in zone.vpcs):
                summaries.append(
                    {"HostedZoneId": zone.resource_id, "Name": zone.name, "Owner": {"OwningAccount": account_id}}
                )
    return result


Route53.create_vpc_association_authorization = create_vpc_association_authorization
Route53.delete_vpc_association_authorization = delete_vpc_association_authorization
Route53.list_vpc_association_authorizations = list_vpc_association_authorizations
Route53.associate_vpc_with_hosted_zone = associate_vpc_with_hosted_zone
Route53.disassociate_vpc_from_hosted_zone = disassociate_vpc_from_hosted_zone
Route53.list_hosted_zones_by_vpc = list_hosted_zones_by_vpc

import moto.core.responses as _moto_responses

_determine_request_protocol = _moto_responses.determine_request_protocol


def determine_request_protocol(service_model, content_type=None):
    """CloudWatch takes the AWS JSON 1.0 protocol as well as Query.

    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-protocols-faq.html
    ("CloudWatch SDKs started using two additional protocols: AWS JSON 1.0 and Smithy RPC v2 CBOR"); the
    SDK for JavaScript v3 sends JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`). moto 5.2.5 reads CloudWatch through
    botocore 1.35's model, which lists Query only (botocore is held there by checkov's pin), and answers
    500. The operations and shapes are the same in both protocols: moto parses and answers JSON for it.
    """
    if service_model.service_name == "cloudwatch" and (content_type or "").startswith("application/x-amz-json"):
        return "json"
    return _determine_request_protocol(service_model, content_type)


_moto_responses.determine_request_protocol = determine_request_protocol

import json as _json

from moto.logs.responses import LogsResponse

_filter_log_events = LogsResponse.filter_log_events


def filter_log_events(self):
    """FilterLogEvents reads only the streams whose names start with `logStreamNamePrefix`.

    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
    ("logStreamNamePrefix: Filters the results to include only events from log streams that have names
    starting with this prefix. If you specify a value for both logStreamNamePrefix and logStreamNames, the
    action returns an InvalidParameterException error."). moto 5.2.5 ignores it and reads every stream.
    """
    prefix = self._get_param("logStreamNamePrefix")
    group = self.logs_backend.groups.get(self._get_param("logGroupName"))
    # No prefix, or no such group (moto answers ResourceNotFoundException, as AWS does).
    if not prefix or group is None:
        return _filter_log_events(self)
    names = [name for name in group.streams if name.startswith(prefix)]
    if not names:
        return _json.dumps({"events": [], "searchedLogStreams": []})
    self.querystring["logStreamNames"] = names
    if isinstance(getattr(self, "params", None), dict):
        self.params["logStreamNames"] = names
    return _filter_log_events(self)


LogsResponse.filter_log_events = filter_log_events

from moto.s3.models import S3Backend

_get_bucket = S3Backend.get_bucket


def get_bucket(self, bucket_name, *args, **kwargs):
    """A flow log's S3 destination may name a subfolder of its bucket.

    https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html ("For S3 bucket
    ARN, specify the Amazon Resource Name (ARN) of an existing Amazon S3 bucket. You can optionally include
    a subfolder"). moto 5.2.5's CreateFlowLogs looks the whole `bucket/subfolder/` up as a bucket and
    refuses it. A bucket name never holds `/` (S3's naming rules), so the part before it is the bucket.
    """
    return _get_bucket(self, bucket_name.split("/")[0], *args, **kwargs)


S3Backend.get_bucket = get_bucket

if __name__ == "__main__":
    server.main(sys.argv[1:])
