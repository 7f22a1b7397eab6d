; Inno Setup 6.3+ script for CareLog. Wraps the PyInstaller folder dist\CareLog into CareLog-Setup-<version>.exe.
; Built by `python installer\build.py` on Windows, which passes the version and folders:
;   ISCC /DAppVersion=0.1.0 /DAppFileVersion=0.1.0.0 /DSourceDir=...\dist\CareLog /DRepoDir=... installer\carelog.iss
;
; What it does: installs for all users into Program Files\CareLog (administrator rights needed), adds a
; Start-menu shortcut and (ticked by default) a desktop shortcut, and registers an uninstaller.
; Uninstalling removes only the program. Each person's CareLog data - the database, automatic backups, drafts
; and logs - lives in their own folder, %LOCALAPPDATA%\CareLog\CareLog, which this script never touches.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppFileVersion
  #define AppFileVersion "0.0.0.0"
#endif
#ifndef RepoDir
  #define RepoDir ".."
#endif
#ifndef SourceDir
  #define SourceDir RepoDir + "\dist\CareLog"
#endif
#define AppName "CareLog"
#define AppExe "CareLog.exe"

[Setup]
; Keep AppId the same for every release: it is how a new version finds and replaces the old one.
AppId={{7C3E2A91-5B64-4F0D-9E8A-2D61C4B7F035}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CareLog
AppComments=Incident learning for adult social care services
VersionInfoVersion={#AppFileVersion}
VersionInfoProductVersion={#AppFileVersion}
VersionInfoDescription={#AppName} setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoDir}\dist\installer
OutputBaseFilename={#AppName}-Setup-{#AppVersion}
SetupIconFile={#RepoDir}\resources\carelog.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Offer to close a running CareLog before replacing its files (Windows Restart Manager).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole program folder, so libraries left over from an older version cannot be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
    Comment: "Record, review and learn from incidents"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon; \
    Comment: "Record, review and learn from incidents"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder, if anything is left in it. Users' data folders are deliberately not listed here.
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('CareLog has been removed from this computer.' + #13#10 + #13#10 +
      'Your records were kept: each Windows user''s CareLog database, backups and logs are still in their ' +
      'AppData\Local\CareLog folder. Installing CareLog again opens them as before. Delete that folder ' +
      'yourself only when you are sure the records are no longer needed (check your retention policy first).',
      mbInformation, MB_OK);
end;
