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

if __name__ == "__main__":
    server.main(sys.argv[1:])
