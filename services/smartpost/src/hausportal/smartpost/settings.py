"""Settings of the smartpost service, read from SMARTPOST_* environment variables."""

from pathlib import Path

from pydantic import Field

from hausportal.kit.settings import ServiceSettings, service_config

MIB = 1024 * 1024


class SmartpostSettings(ServiceSettings):
    model_config = service_config("SMARTPOST_")

    database_schema: str = "smartpost"
    # Largest PDF one upload may store (SMARTPOST_MAX_UPLOAD_BYTES); larger ones get 413.
    # A 5,000-page serial letter from a mail merge is typically 20-80 MB.
    max_upload_bytes: int = Field(default=500 * MIB, gt=0)
    # Where split jobs keep their working copies (downloaded sources, letter files); an
    # emptyDir in Kubernetes. Each job cleans up after itself.
    work_dir: Path = Path(".data/smartpost-work")
    # Processes a split may use (0: one per core of the machine or container limit).
    split_workers: int = Field(default=0, ge=0)
    # A running job renews its lease while it works; a job whose lease ran out (its replica
    # died) is taken over by another worker and run again from the start.
    split_lease_seconds: float = Field(default=60.0, gt=0)
    split_poll_interval_seconds: float = Field(default=1.0, gt=0)
    # Give up on a job that failed this often for reasons other than its input.
    split_max_attempts: int = Field(default=3, ge=1)
    # Contracts that ended at most this many days ago still make a candidate: an annual
    # statement goes to the owner who sold during the year.
    candidate_contract_days: int = Field(default=550, ge=0)
    # The files of a deleted serial letter stay this long (for mistakes), then are purged.
    deleted_retention_days: int = Field(default=30, ge=0)
    purge_interval_seconds: float = Field(default=3600.0, gt=0)
    # How often open print orders are asked about at their provider.
    dispatch_poll_interval_seconds: float = Field(default=60.0, gt=0)
