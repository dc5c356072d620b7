"""Uploads nightly exports to object storage."""

import boto3


def storage_client():
    return boto3.client(
        "s3",
        region_name="eu-central-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
