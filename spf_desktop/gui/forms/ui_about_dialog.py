# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.setMinimumSize(QSize(460, 0))
        self.layout = QVBoxLayout(AboutDialog)
        self.layout.setObjectName(u"layout")
        self.title = QLabel(AboutDialog)
        self.title.setObjectName(u"title")

        self.layout.addWidget(self.title)

        self.body = QLabel(AboutDialog)
        self.body.setObjectName(u"body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.body)

        self.archivePath = QLabel(AboutDialog)
        self.archivePath.setObjectName(u"archivePath")
        self.archivePath.setWordWrap(True)
        self.archivePath.setTextInteractionFlags(Qt.TextSelectableByMouse|Qt.TextSelectableByKeyboard)

        self.layout.addWidget(self.archivePath)

        self.buttons = QDialogButtonBox(AboutDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Close)

        self.layout.addWidget(self.buttons)


        self.retranslateUi(AboutDialog)
        self.buttons.rejected.connect(AboutDialog.reject)

        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"About SPF Desktop", None))
#if QT_CONFIG(accessibility)
        AboutDialog.setAccessibleName(QCoreApplication.translate("AboutDialog", u"About SPF Desktop", None))
#endif // QT_CONFIG(accessibility)
        self.title.setAccessibleIdentifier(QCoreApplication.translate("AboutDialog", u"Application name and version", None))
        self.title.setText(QCoreApplication.translate("AboutDialog", u"SPF Desktop", None))
        self.body.setAccessibleIdentifier(QCoreApplication.translate("AboutDialog", u"About text", None))
        self.body.setText(QCoreApplication.translate("AboutDialog", u"The offline tool for NHS Social Partnership Forums: the partnership behaviours audit on one shared laptop, workshop agendas with a meeting clock, and printable reports. No network, no telemetry: everything stays in the archive file.", None))
        self.archivePath.setAccessibleIdentifier(QCoreApplication.translate("AboutDialog", u"Open archive", None))
#if QT_CONFIG(accessibility)
        self.buttons.setAccessibleName(QCoreApplication.translate("AboutDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

