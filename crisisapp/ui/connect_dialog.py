"""Bestand → Verbinden met server…: server, port, database, user, TLS and password (kept out of the start: the
window imports it when the menu item is chosen)."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from crisisapp.errors import ValidationError
from crisisapp.storage.connection import (
    DEFAULT_PORT,
    SSL_CHOICES,
    ServerConnection,
    default_sslmode,
    forget_password,
    keyring_available,
    open_with_password,
    store_password,
)
from crisisapp.storage.server import PasswordNeededError, PasswordRefusedError, ServerDatabase, ServerDatabaseError
from crisisapp.ui import interaction
from crisisapp.ui.connect import KEYRING_KEY, remember_last, waiting
from crisisapp.ui.forms import FormDialog


class ConnectDialog(FormDialog):
    """Server, port, database, user, TLS and password; Verbinden connects and checks the schema as a start does.

    A refusal (a wrong password, no TLS, an empty database) shows in the dialog, which stays open with the input;
    a refused password is cleared. :attr:`database` is the opened database once it is accepted.
    """

    def __init__(
        self, parent: QWidget | None, connection: ServerConnection | None, refusal: ServerDatabaseError | None = None
    ) -> None:
        super().__init__(parent, self.tr("Verbinden met server"))
        self.database: ServerDatabase | None = None
        self.connection: ServerConnection | None = None
        self.host = QLineEdit(connection.host if connection else "", self)
        self.host.setPlaceholderText(self.tr("bijvoorbeeld db.maassluis.nl"))
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setGroupSeparatorShown(False)
        self.port.setValue(connection.port if connection else DEFAULT_PORT)
        self.database_name = QLineEdit(connection.database if connection else "crisisapp", self)
        self.user = QLineEdit(connection.user if connection else "", self)
        self.tls = QComboBox(self)
        for mode, label in SSL_CHOICES.items():
            self.tls.addItem(self.tr(label), mode)
        self.tls.setCurrentIndex(self.tls.findData(connection.sslmode if connection else default_sslmode("")))
        # Until the user picks a TLS choice, it follows the server: required on the network, not on this computer.
        self._tls_chosen = connection is not None
        self.certificate = QLineEdit(connection.sslrootcert if connection else "", self)
        self.certificate.setPlaceholderText(self.tr("het CA-certificaat van de server (.crt, .pem)"))
        self.choose_certificate = QPushButton(self.tr("Kiezen…"), self)
        self.choose_certificate.clicked.connect(self._choose_certificate)
        certificate = QWidget(self)
        row = QHBoxLayout(certificate)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.certificate, 1)
        row.addWidget(self.choose_certificate)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("leeg: uit de sleutelbos, PGPASSWORD of .pgpass"))
        self.remember = QCheckBox(self.tr("Wachtwoord onthouden in de sleutelbos van het systeem"), self)
        self.remember.setChecked(bool(QSettings().value(KEYRING_KEY, False, type=bool)) and connection is not None)
        if not keyring_available():
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(self.tr("Deze computer heeft geen sleutelbos die CrisisApp kan gebruiken."))
        self.add_fields(
            ("host", self.tr("Server:"), self.host),
            ("port", self.tr("Poort:"), self.port),
            ("database", self.tr("Database:"), self.database_name),
            ("user", self.tr("Gebruikersnaam:"), self.user),
            ("tls", self.tr("Beveiligde verbinding:"), self.tls),
            ("certificate", self.tr("CA-certificaat:"), certificate),
            ("password", self.tr("Wachtwoord:"), self.password),
            ("remember", "", self.remember),
        )
        self.require("host", self.host, self.tr("Vul de naam of het adres van de server in."))
        self.require("database", self.database_name, self.tr("Vul de naam van de database in."))
        self.require("user", self.user, self.tr("Vul uw gebruikersnaam op de server in."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Verbinden"))
        self.password.returnPressed.connect(self.accept)  # Enter in the password connects, as in any login
        self.host.textChanged.connect(self._follow_host)
        self.tls.activated.connect(self._tls_picked)
        self.tls.currentIndexChanged.connect(self._certificate_shown)
        self._certificate_shown()
        self.on_save(self._connect)
        if refusal is not None:  # why the start did not connect: a password to give, or something else
            password_asked = isinstance(refusal, PasswordNeededError | PasswordRefusedError)
            self.show_errors({"password" if password_asked else "": str(refusal)})
        first_empty = next((field for field in (self.host, self.database_name, self.user) if not field.text()), None)
        (first_empty or self.password).setFocus()

    def _follow_host(self, host: str) -> None:
        if not self._tls_chosen:
            self.tls.setCurrentIndex(self.tls.findData(default_sslmode(host)))

    def _tls_picked(self) -> None:
        self._tls_chosen = True

    def _certificate_shown(self) -> None:
        verified = self.tls.currentData() == "verify-full"
        for widget in (self.certificate, self.choose_certificate):
            widget.setEnabled(verified)

    def _choose_certificate(self) -> None:
        chosen = interaction.open_filename(
            self,
            self.tr("CA-certificaat van de server"),
            self.certificate.text(),
            self.tr("Certificaten (*.crt *.pem *.cer);;Alle bestanden (*)"),
        )
        if chosen:
            self.certificate.setText(chosen)

    def chosen(self) -> ServerConnection:
        sslmode = str(self.tls.currentData())
        return ServerConnection(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database_name.text().strip(),
            user=self.user.text().strip(),
            sslmode=sslmode,
            sslrootcert=self.certificate.text().strip() if sslmode == "verify-full" else "",
        )

    def validate(self) -> dict[str, str]:
        if self.tls.currentData() == "verify-full" and not self.certificate.text().strip():
            return {
                "certificate": self.tr(
                    "Kies het CA-certificaat waarmee CrisisApp controleert dat dit de echte server is."
                )
            }
        return {}

    def _connect(self) -> None:
        connection = self.chosen()
        password = self.password.text() or None
        try:
            with waiting():
                database = open_with_password(connection.location, password)
        except (PasswordNeededError, PasswordRefusedError) as exc:
            self.password.clear()
            self.password.setFocus()
            raise ValidationError({"password": str(exc)}) from exc
        keep = self.remember.isChecked()
        if keep and password:
            if (problem := store_password(connection.location, password)) is not None:
                keep = False
                interaction.warning(self, self.tr("Wachtwoord niet onthouden"), problem)
        elif not keep:
            forget_password(connection.location)
        self.database, self.connection = database, connection
        remember_last("server", connection, keyring=keep)
