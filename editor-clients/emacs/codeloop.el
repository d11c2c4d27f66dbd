;;; codeloop.el --- Codeloop AI language server through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers the Codeloop server with eglot and adds a few commands.
;;
;;   (add-to-list 'load-path "/path/to/codeloop/editor-clients/emacs")
;;   (require 'codeloop)
;;   (setq codeloop-server-jar "/path/to/codeloop.jar"      ; or $CODELOOP_SERVER_JAR
;;         codeloop-settings '(:completion (:style "list"))) ; same shape as .codeloop.json
;;   (codeloop-eglot-setup)                                 ; then M-x eglot in a buffer
;;
;; Settings are plists (objects) and vectors (arrays).  They reach the server as
;; `initializationOptions.settings', as `workspace/didChangeConfiguration' {settings: {codeloop: ...}}
;; and as the answer to a `workspace/configuration' pull of section "codeloop".
;; eglot 1.9 has no inline completion, so the server offers `textDocument/completion' items
;; (`completion-at-point').  eglot runs one server per buffer: Codeloop replaces other servers
;; (e.g. jdtls) in the modes listed in `codeloop-major-modes'.

;;; Code:

(require 'eglot)
(require 'jsonrpc)
(require 'json)
(require 'seq)
(require 'subr-x)

(defgroup codeloop nil "Codeloop AI language server." :group 'tools :prefix "codeloop-")

(defcustom codeloop-java-program nil
  "Java executable; nil means $JAVA_HOME/bin/java, else \"java\" from PATH."
  :type '(choice (const nil) string)
  :group 'codeloop)

(defcustom codeloop-server-jar (getenv "CODELOOP_SERVER_JAR")
  "Path of codeloop.jar (default: $CODELOOP_SERVER_JAR)."
  :type '(choice (const nil) file)
  :group 'codeloop)

(defcustom codeloop-vmargs nil
  "Extra JVM arguments, e.g. (\"-Xmx512m\")."
  :type '(repeat string)
  :group 'codeloop)

(defcustom codeloop-server-args nil
  "Extra server arguments, e.g. (\"--log-level\" \"debug\")."
  :type '(repeat string)
  :group 'codeloop)

(defcustom codeloop-settings nil
  "Codeloop settings as a plist, same shape as .codeloop.json, e.g. (:completion (:maxLines 8))."
  :type 'sexp
  :group 'codeloop)

(defcustom codeloop-major-modes
  '(java-mode c-mode c++-mode python-mode js-mode typescript-mode go-mode rust-mode ruby-mode sh-mode)
  "Major modes whose buffers eglot connects to Codeloop."
  :type '(repeat symbol)
  :group 'codeloop)

;; Command ids; mirror of server/src/main/java/dev/codeloop/workspace/command/Commands.java.
(defconst codeloop-command-show-settings "codeloop.showSettings")
(defconst codeloop-command-stats "codeloop.stats")
(defconst codeloop-command-doctor "codeloop.doctor")
(defconst codeloop-command-trust-workspace "codeloop.trustWorkspace")
(defconst codeloop-command-run-checks "codeloop.runChecks")
(defconst codeloop-command-run-tests "codeloop.runTests")
(defconst codeloop-command-fix-failing-tests "codeloop.fixFailingTests")
(defconst codeloop-command-implement "codeloop.implement")
(defconst codeloop-command-show-tools "codeloop.showTools")
(defconst codeloop-command-select-model "codeloop.selectModel")
(defconst codeloop-command-ask "codeloop.ask")
(defconst codeloop-command-plan "codeloop.plan")
(defconst codeloop-command-accept-completion "codeloop.acceptCompletion")
(defconst codeloop-command-apply-action "codeloop.applyAction")
(defconst codeloop-command-chat "codeloop.chat")
(defconst codeloop-command-completion-stats "codeloop.completionStats")

(defconst codeloop-not-configured "not_configured"
  "`data' of the RequestFailed (-32803) error the server answers when no model serves a task.
Its message says how to configure a model.")

(defvar codeloop-last-error nil
  "The last error a Codeloop command got from the server, as (:code C :message M :data D), or nil.")

(defconst codeloop-tasks
  '("completion" "codeAction" "codeAction.explain" "codeAction.refactor" "codeAction.document"
    "codeAction.tests" "codeAction.fix" "chat" "plan" "implement" "fixTests")
  "Tasks a model can be routed to.")

(defcustom codeloop-project-markers '(".codeloop.json")
  "Files marking a project root when no version control is found (e.g. a workspace with only
.codeloop.json).  The server reads the workspace .codeloop.json from this root."
  :type '(repeat string)
  :group 'codeloop)

(defun codeloop-project-find (dir)
  "A `project-find-functions' member: the nearest parent of DIR holding a `codeloop-project-markers' file."
  (let ((root (seq-some (lambda (marker) (locate-dominating-file dir marker)) codeloop-project-markers)))
    (and root (cons 'transient (expand-file-name root)))))

(defclass codeloop-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to the Codeloop server.")

(defcustom codeloop-exit-wait 3
  "Seconds to let the server exit on its own after `exit' before jsonrpc kills it.
eglot 1.9 kills the process right after sending `exit'; the wait lets the server finish cleanly."
  :type 'number
  :group 'codeloop)

(cl-defmethod jsonrpc-shutdown :before ((conn codeloop-eglot-server) &optional _cleanup)
  "Give the Codeloop process `codeloop-exit-wait' seconds to exit by itself."
  (let ((proc (jsonrpc--process conn))
        (deadline (+ (float-time) codeloop-exit-wait)))
    (while (and (process-live-p proc) (< (float-time) deadline))
      (accept-process-output proc 0.05))))

(defun codeloop--settings-object ()
  "`codeloop-settings' as a JSON object (an empty plist would be sent as null)."
  (or codeloop-settings (make-hash-table)))

(defun codeloop-server-command ()
  "The server command line as a list of strings."
  (unless (and codeloop-server-jar (not (string-empty-p codeloop-server-jar)))
    (user-error "Codeloop: set `codeloop-server-jar' or $CODELOOP_SERVER_JAR"))
  (let ((java (or codeloop-java-program
                  (let ((home (getenv "JAVA_HOME")))
                    (if (and home (not (string-empty-p home))) (expand-file-name "bin/java" home) "java")))))
    (append (list java) codeloop-vmargs
            (list "-jar" (expand-file-name codeloop-server-jar))
            codeloop-server-args)))

(defun codeloop-eglot-contact (&optional _interactive)
  "The eglot contact of Codeloop: the server class, the command and its initializationOptions."
  `(codeloop-eglot-server ,@(codeloop-server-command)
                          :initializationOptions ,(lambda (_server) (list :settings (codeloop--settings-object)))))

(defun codeloop-workspace-configuration (server)
  "Value of `eglot-workspace-configuration' for SERVER: the `codeloop' section for Codeloop."
  (when (cl-typep server 'codeloop-eglot-server)
    (list (cons :codeloop (codeloop--settings-object)))))

;;;###autoload
(defun codeloop-eglot-setup ()
  "Associate `codeloop-major-modes' with Codeloop in `eglot-server-programs'.
Adds `codeloop-project-find' after version control in `project-find-functions', and makes
`eglot-workspace-configuration' answer the `codeloop' section, unless it is already set."
  (interactive)
  (add-to-list 'eglot-server-programs (cons codeloop-major-modes #'codeloop-eglot-contact))
  (add-hook 'project-find-functions #'codeloop-project-find 90) ; after version control
  (unless (default-value 'eglot-workspace-configuration)
    (setq-default eglot-workspace-configuration #'codeloop-workspace-configuration)))

(defun codeloop--server ()
  "The eglot server of the current buffer, or a user error."
  (or (eglot-current-server) (user-error "Codeloop: no eglot server in this buffer (M-x eglot)")))

(defun codeloop-advertises-p (server command)
  "Non-nil if SERVER advertised COMMAND in executeCommandProvider.commands."
  (let ((commands (plist-get (plist-get (eglot--capabilities server) :executeCommandProvider) :commands)))
    (and commands (seq-contains-p commands command #'string=))))

(defun codeloop-execute (command &optional arguments server)
  "Run server COMMAND with ARGUMENTS (a vector) synchronously and return its result.
Signals a user error when the server does not advertise COMMAND."
  (let ((server (or server (codeloop--server))))
    (unless (codeloop-advertises-p server command)
      (user-error "Codeloop: server does not advertise %s" command))
    (jsonrpc-request server :workspace/executeCommand
                     (list :command command :arguments (or arguments [])))))

(defun codeloop--error-plist (err)
  "The JSON-RPC error in ERR (a `jsonrpc-error' condition) as (:code C :message M :data D)."
  (let ((details (cdr err)))
    (list :code (alist-get 'jsonrpc-error-code details)
          :message (or (alist-get 'jsonrpc-error-message details)
                       (and (stringp (car details)) (car details)))
          :data (alist-get 'jsonrpc-error-data details))))

(defun codeloop-not-configured-p (error-plist)
  "Non-nil if ERROR-PLIST (see `codeloop-last-error') says that no model serves the task."
  (equal (plist-get error-plist :data) codeloop-not-configured))

(defun codeloop--call (what command &optional arguments)
  "Run server COMMAND with ARGUMENTS for the user-facing action WHAT.
Returns the result; when the server answers an error, records it in `codeloop-last-error', tells
the user in the echo area (for a task without a model, the server's sentence on how to configure
one) and returns nil."
  (setq codeloop-last-error nil)
  (condition-case err
      (codeloop-execute command arguments)
    (jsonrpc-error
     (let ((e (codeloop--error-plist err)))
       (setq codeloop-last-error e)
       (if (codeloop-not-configured-p e)
           (message "Codeloop %s: %s" what (plist-get e :message))
         (message "Codeloop %s failed: %s" what (or (plist-get e :message) "unknown error")))
       nil))))

(defun codeloop--show (title result)
  "Show RESULT (Markdown text or a JSON value) in a buffer named after TITLE; return the buffer."
  (let ((buf (get-buffer-create (format "*codeloop %s*" title)))
        (text (cond ((stringp result) result)
                    ((and (listp result) (stringp (plist-get result :markdown))) (plist-get result :markdown))
                    ((and (listp result) (stringp (plist-get result :text))) (plist-get result :text)))))
    (with-current-buffer buf
      (let ((inhibit-read-only t))
        (erase-buffer)
        (if text
            (insert text)
          (insert (json-serialize result :null-object nil :false-object :json-false))
          (json-pretty-print-buffer))
        (goto-char (point-min)))
      (special-mode))
    (unless noninteractive (display-buffer buf))
    buf))

(defun codeloop-show-settings ()
  "Show the settings in force in the server (secrets redacted)."
  (interactive)
  (codeloop--show "settings" (codeloop-execute codeloop-command-show-settings)))

(defun codeloop-stats ()
  "Show per-model and per-task statistics."
  (interactive)
  (codeloop--show "stats" (codeloop-execute codeloop-command-stats)))

(defun codeloop-completion-stats ()
  "Show completions shown and accepted per model and language."
  (interactive)
  (codeloop--show "completion stats" (codeloop-execute codeloop-command-completion-stats)))

(defun codeloop-doctor ()
  "Check every configured model and the settings; show the report."
  (interactive)
  (codeloop--show "doctor" (codeloop-execute codeloop-command-doctor)))

(defun codeloop-trust-workspace (&optional revoke)
  "Trust this workspace's .codeloop.json; with prefix argument REVOKE, stop trusting it.
The decision is recorded in trustedWorkspaces of the user settings file."
  (interactive "P")
  (codeloop--show "workspace trust"
                  (codeloop-execute codeloop-command-trust-workspace (vector (if revoke :json-false t)))))

(defun codeloop--target (beg end)
  "Arguments for the buffer's file and, when BEG and END are given, that range: (URI [RANGE])."
  (let ((uri (eglot--path-to-uri (buffer-file-name))))
    (if (and beg end)
        (list uri (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position end)))
      (list uri))))

(defun codeloop--show-answer (title result)
  "Show RESULT unless the server already opened it (it then returns `answerUri').
A nil RESULT (the command failed; `codeloop--call' told the user) shows nothing."
  (cond ((null result))
        ((and (listp result) (plist-get result :answerUri))
         (message "Codeloop: answer in %s" (plist-get result :answerUri)))
        (t (codeloop--show title result)))
  result)

(defun codeloop-ask (question &optional beg end)
  "Ask Codeloop QUESTION about the buffer, or about the region BEG..END when active.
Sends codeloop.ask [QUESTION URI RANGE?]."
  (interactive (append (list (read-string "Ask Codeloop: "))
                       (when (use-region-p) (list (region-beginning) (region-end)))))
  (codeloop--show-answer
   "ask" (codeloop--call "ask" codeloop-command-ask (vconcat (list question) (codeloop--target beg end)))))

(defun codeloop-plan (instruction &optional beg end)
  "Plan the change INSTRUCTION of the buffer, or of the region BEG..END when active.
Sends codeloop.plan [INSTRUCTION URI RANGE?]."
  (interactive (append (list (read-string "Plan (what should change?): "))
                       (when (use-region-p) (list (region-beginning) (region-end)))))
  (codeloop--show-answer
   "plan" (codeloop--call "plan" codeloop-command-plan (vconcat (list instruction) (codeloop--target beg end)))))

(defun codeloop-chat (&optional beg end)
  "Send this chat file (*.codeloop.md), or the region BEG..END, to Codeloop.
Sends codeloop.chat [URI RANGE?]; the server appends the answer to the file."
  (interactive (when (use-region-p) (list (region-beginning) (region-end))))
  (codeloop--call "chat" codeloop-command-chat (vconcat (codeloop--target beg end))))

(defun codeloop-select-model (task model)
  "Route TASK to MODEL for this session."
  (interactive
   (let* ((task (completing-read "Codeloop task: " codeloop-tasks nil t))
          (settings (ignore-errors (plist-get (codeloop-execute codeloop-command-show-settings) :settings)))
          (models (cl-loop for (k _v) on (plist-get settings :models) by #'cddr
                           collect (substring (symbol-name k) 1))))
     (list task (completing-read (format "Model for %s: " task) (append models '("embedded"))))))
  (let ((result (codeloop--call "select model" codeloop-command-select-model (vector task model))))
    (unless codeloop-last-error
      (message "Codeloop: %s now uses %s" task model))
    result))

(defun codeloop-set-settings (settings)
  "Set `codeloop-settings' to SETTINGS and send them to every running Codeloop server."
  (setq codeloop-settings settings)
  (dolist (server (seq-uniq (apply #'append (hash-table-values eglot--servers-by-project))))
    (when (cl-typep server 'codeloop-eglot-server)
      (jsonrpc-notify server :workspace/didChangeConfiguration
                      (list :settings (list :codeloop (codeloop--settings-object)))))))

(provide 'codeloop)
;;; codeloop.el ends here
