"""Print providers behind one interface: the port, a file export and a simulated print shop."""

from hausportal.smartpost.providers.file_export import FileExportProvider
from hausportal.smartpost.providers.port import (
    CancelRefused,
    Envelope,
    IllegalTransition,
    OrderConflict,
    OrderNotFound,
    OrderState,
    PrintFileMissing,
    PrintOptions,
    PrintOrder,
    PrintProvider,
    ProviderError,
    ProviderOrder,
    ProviderUnavailable,
    StateChange,
)
from hausportal.smartpost.providers.retries import with_retries
from hausportal.smartpost.providers.simulated import SimulatedPrintShop

__all__ = [
    "CancelRefused",
    "Envelope",
    "FileExportProvider",
    "IllegalTransition",
    "OrderConflict",
    "OrderNotFound",
    "OrderState",
    "PrintFileMissing",
    "PrintOptions",
    "PrintOrder",
    "PrintProvider",
    "ProviderError",
    "ProviderOrder",
    "ProviderUnavailable",
    "SimulatedPrintShop",
    "StateChange",
    "with_retries",
]
