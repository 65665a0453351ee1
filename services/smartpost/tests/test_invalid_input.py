"""Encrypted, damaged and non-PDF uploads: a clear error naming the file, nothing written."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from hausportal.smartpost.engine import (
    InvalidPdf,
    InvalidPdfReason,
    SplitOptions,
    inspect_pdf,
    split_and_assemble,
    split_letters,
)
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory


@pytest.fixture
def directory():
    return make_directory(contacts_per_property=3, seed=41)


@pytest.fixture
def good_pdf(write_letters, directory) -> Path:
    return write_letters([SampleLetter(Recipient.of(c), pages=2) for c in directory.contacts])


def _encrypted(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner="verwalter", user="geheim"))
    return target


class TestInvalidInput:
    def test_an_encrypted_file(self, good_pdf, tmp_path, directory):
        path = _encrypted(good_pdf, tmp_path / "abrechnung.pdf")
        with pytest.raises(InvalidPdf) as raised:
            split_letters(path, contacts=directory.contacts, options=SplitOptions())
        assert raised.value.reason is InvalidPdfReason.encrypted
        assert raised.value.message.startswith("Die Datei „abrechnung.pdf“ ist verschlüsselt.")

    def test_a_file_with_only_an_owner_password_is_read(self, good_pdf, tmp_path, directory):
        # No password is needed to open it; restrictions are the manager's own.
        path = tmp_path / "nur-rechte.pdf"
        with pikepdf.open(good_pdf) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner="verwalter", user=""))
        result = split_letters(path, contacts=directory.contacts, options=SplitOptions())
        assert result.ready

    @pytest.mark.parametrize("keep", [0.5, 0.9, 0.999])
    def test_a_truncated_file(self, good_pdf, tmp_path, directory, keep):
        data = good_pdf.read_bytes()
        path = tmp_path / "abgeschnitten.pdf"
        path.write_bytes(data[: int(len(data) * keep)])
        with pytest.raises(InvalidPdf) as raised:
            split_letters(path, contacts=directory.contacts, options=SplitOptions())
        assert raised.value.reason is InvalidPdfReason.damaged
        assert raised.value.message.startswith("Die Datei „abgeschnitten.pdf“ ist beschädigt.")

    def test_a_file_with_garbage_in_the_middle(self, good_pdf, tmp_path):
        data = bytearray(good_pdf.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 4000] = b"\x00" * 4000
        path = tmp_path / "kaputt.pdf"
        path.write_bytes(bytes(data))
        reasons = []
        try:
            info = inspect_pdf(path)
        except InvalidPdf as error:
            reasons.append(error.reason)
        else:
            # qpdf and pdfium may both recover the file; then it has all its pages.
            assert info.page_count == 6
        assert reasons in ([], [InvalidPdfReason.damaged])

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("brief.docx", b"PK\x03\x04" + b"\x00" * 100),
            ("brief.pdf", b"Sehr geehrte Damen und Herren"),
            ("leer.pdf", b""),
            ("bild.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ],
    )
    def test_not_a_pdf(self, tmp_path, directory, name, content):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InvalidPdf) as raised:
            split_letters(path, contacts=directory.contacts, options=SplitOptions())
        assert raised.value.reason is InvalidPdfReason.not_pdf
        assert raised.value.message == f"Die Datei „{name}“ ist keine PDF-Datei."

    def test_an_uploaded_name_is_used_in_the_message(self, tmp_path, directory):
        path = tmp_path / "3f1c9a.bin"
        path.write_bytes(b"hello")
        with pytest.raises(InvalidPdf, match=r"„Jahresabrechnung 2025\.pdf“ ist keine PDF-Datei"):
            split_letters(
                path,
                contacts=directory.contacts,
                options=SplitOptions(),
                display_name="Jahresabrechnung 2025.pdf",
            )

    def test_an_encrypted_attachment_is_named_and_nothing_is_written(
        self, good_pdf, tmp_path, directory
    ):
        attachment = _encrypted(good_pdf, tmp_path / "upload-2.pdf")
        out_dir = tmp_path / "out"
        with pytest.raises(InvalidPdf) as raised:
            split_and_assemble(
                good_pdf,
                contacts=directory.contacts,
                options=SplitOptions(),
                attachments=[attachment],
                out_dir=out_dir,
                display_names={attachment: "Wirtschaftsplan.pdf"},
            )
        assert raised.value.file_name == "Wirtschaftsplan.pdf"
        assert raised.value.reason is InvalidPdfReason.encrypted
        assert not out_dir.exists()

    def test_the_error_survives_a_process_pool(self):
        import pickle

        error = InvalidPdf("x.pdf", InvalidPdfReason.damaged, "detail")
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
        assert (copy.file_name, copy.reason, copy.detail, copy.message) == (
            "x.pdf",
            InvalidPdfReason.damaged,
            "detail",
            error.message,
        )
