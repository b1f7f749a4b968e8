import type { Locale } from '../locales';

/**
 * The chat widget's built-in texts in full, per locale. Only the widget's chat chunk, the server
 * (to refuse unknown override ids) and the console (to show defaults) use them; the loader
 * carries the launcher's few texts (widget/src/core/texts-launcher.ts) until then. Every one can
 * be overridden per locale by the project (Console → Texts) and by `setTexts`; `{name}`
 * placeholders are filled at render time.
 */
export type WidgetTextKey =
  | 'launcher.open'
  | 'launcher.close'
  | 'launcher.unread'
  | 'greeting.close'
  | 'panel.title'
  | 'panel.close'
  | 'panel.online'
  | 'panel.offline'
  | 'panel.connecting'
  | 'panel.noConnection'
  | 'panel.blocked'
  | 'chat.greeting'
  | 'chat.today'
  | 'chat.yesterday'
  | 'chat.earlier'
  | 'chat.typing'
  | 'chat.you'
  | 'chat.operator'
  | 'chat.edited'
  | 'chat.deleted'
  | 'chat.closed'
  | 'status.queued'
  | 'status.sending'
  | 'status.sent'
  | 'status.read'
  | 'status.failed'
  | 'status.remove'
  | 'composer.placeholder'
  | 'composer.send'
  | 'composer.attach'
  | 'composer.uploading'
  | 'composer.removeFile'
  | 'rating.title'
  | 'rating.star'
  | 'rating.comment'
  | 'rating.submit'
  | 'rating.thanks'
  | 'rating.skip'
  | 'form.title'
  | 'form.intro'
  | 'form.name'
  | 'form.phone'
  | 'form.email'
  | 'form.message'
  | 'form.submit'
  | 'form.sent'
  | 'form.required'
  | 'form.invalidEmail'
  | 'form.invalidPhone'
  | 'form.contactRequired'
  | 'form.optional'
  | 'form.group'
  | 'notify.newMessage'
  | 'transcript.open'
  | 'transcript.email'
  | 'transcript.send'
  | 'transcript.sent'
  | 'transcript.failed'
  | 'panel.mute'
  | 'composer.drop'
  | 'image.close'
  | 'prechat.title'
  | 'prechat.intro'
  | 'prechat.consent'
  | 'prechat.policy'
  | 'prechat.consentRequired'
  | 'prechat.submit';

type Table = Readonly<Record<WidgetTextKey, string>>;

const en: Table = {
  'launcher.open': 'Open chat',
  'launcher.close': 'Close chat',
  'launcher.unread': '{n} unread',
  'greeting.close': 'Dismiss',
  'panel.title': 'Chat',
  'panel.close': 'Close chat',
  'panel.online': 'We reply in a few minutes',
  'panel.offline': 'We are offline. Leave a message',
  'panel.connecting': 'Connecting…',
  'panel.noConnection': 'No connection. Your messages will be sent when you are back online.',
  'panel.blocked': 'The chat cannot connect: this site’s security settings block it. Please contact us another way.',
  'chat.greeting': 'Hello! How can we help you?',
  'chat.today': 'Today',
  'chat.yesterday': 'Yesterday',
  'chat.earlier': 'Show earlier messages',
  'chat.typing': '{name} is typing…',
  'chat.you': 'You',
  'chat.operator': 'Support',
  'chat.edited': 'edited',
  'chat.deleted': 'Message deleted',
  'chat.closed': 'The conversation is closed. Write to start a new one.',
  'status.queued': 'Waiting for connection',
  'status.sending': 'Sending…',
  'status.sent': 'Sent',
  'status.read': 'Read',
  'status.failed': 'Not sent',
  'status.remove': 'Remove',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.attach': 'Attach a file',
  'composer.uploading': 'Uploading {name}: {percent}%',
  'composer.removeFile': 'Remove {name}',
  'rating.title': 'How was the conversation?',
  'rating.star': '{n} out of 5',
  'rating.comment': 'Comment (optional)',
  'rating.submit': 'Send rating',
  'rating.thanks': 'Thank you for your feedback!',
  'transcript.open': 'Email me this chat',
  'transcript.email': 'Your email',
  'transcript.send': 'Send',
  'transcript.sent': 'Sent to {email}',
  'transcript.failed': 'Could not send it. Try again later.',
  'rating.skip': 'Skip',
  'form.title': 'Leave us a message',
  'form.intro': 'No one is online right now. Leave your contacts and we will get back to you.',
  'form.name': 'Name',
  'form.phone': 'Phone',
  'form.email': 'Email',
  'form.message': 'Message',
  'form.submit': 'Send',
  'form.sent': 'Thank you! We will get back to you soon.',
  'form.required': 'Please fill in this field.',
  'form.invalidEmail': 'Please check the email address.',
  'form.invalidPhone': 'Please check the phone number.',
  'form.contactRequired': 'Please leave a phone number or an email.',
  'form.optional': '(optional)',
  'form.group': 'Department',
  'notify.newMessage': 'New message',
  'panel.mute': 'Mute sound',
  'composer.drop': 'Drop files to attach them',
  'image.close': 'Close image',
  'prechat.title': 'Before we start',
  'prechat.intro': 'Tell us a little about yourself so we can help you better.',
  'prechat.consent': 'I agree to the processing of my personal data',
  'prechat.policy': 'Privacy policy',
  'prechat.consentRequired': 'Please give your consent to start the chat.',
  'prechat.submit': 'Start chat',
};

const ru: Table = {
  'launcher.open': 'Открыть чат',
  'launcher.close': 'Закрыть чат',
  'launcher.unread': 'Непрочитанных: {n}',
  'greeting.close': 'Скрыть',
  'panel.title': 'Чат',
  'panel.close': 'Закрыть чат',
  'panel.online': 'Ответим в течение нескольких минут',
  'panel.offline': 'Мы не в сети. Оставьте сообщение',
  'panel.connecting': 'Подключение…',
  'panel.noConnection': 'Нет соединения. Сообщения отправятся, когда связь восстановится.',
  'panel.blocked': 'Чат не может подключиться: настройки безопасности сайта его блокируют. Свяжитесь с нами другим способом.',
  'chat.greeting': 'Здравствуйте! Чем можем помочь?',
  'chat.today': 'Сегодня',
  'chat.yesterday': 'Вчера',
  'chat.earlier': 'Показать предыдущие сообщения',
  'chat.typing': '{name} печатает…',
  'chat.you': 'Вы',
  'chat.operator': 'Поддержка',
  'chat.edited': 'изменено',
  'chat.deleted': 'Сообщение удалено',
  'chat.closed': 'Диалог завершён. Напишите, чтобы начать новый.',
  'status.queued': 'Ожидает соединения',
  'status.sending': 'Отправляется…',
  'status.sent': 'Отправлено',
  'status.read': 'Прочитано',
  'status.failed': 'Не отправлено',
  'status.remove': 'Удалить',
  'composer.placeholder': 'Напишите сообщение…',
  'composer.send': 'Отправить',
  'composer.attach': 'Прикрепить файл',
  'composer.uploading': 'Загрузка {name}: {percent}%',
  'composer.removeFile': 'Убрать {name}',
  'rating.title': 'Оцените, пожалуйста, диалог',
  'rating.star': '{n} из 5',
  'rating.comment': 'Комментарий (необязательно)',
  'rating.submit': 'Отправить оценку',
  'rating.thanks': 'Спасибо за оценку!',
  'transcript.open': 'Прислать переписку на почту',
  'transcript.email': 'Ваш email',
  'transcript.send': 'Отправить',
  'transcript.sent': 'Отправлено на {email}',
  'transcript.failed': 'Не удалось отправить. Попробуйте позже.',
  'rating.skip': 'Пропустить',
  'form.title': 'Оставьте сообщение',
  'form.intro': 'Сейчас операторов нет в сети. Оставьте контакты, и мы с вами свяжемся.',
  'form.name': 'Имя',
  'form.phone': 'Телефон',
  'form.email': 'Email',
  'form.message': 'Сообщение',
  'form.submit': 'Отправить',
  'form.sent': 'Спасибо! Мы скоро с вами свяжемся.',
  'form.required': 'Заполните это поле.',
  'form.invalidEmail': 'Проверьте адрес электронной почты.',
  'form.invalidPhone': 'Проверьте номер телефона.',
  'form.contactRequired': 'Укажите телефон или email.',
  'form.optional': '(необязательно)',
  'form.group': 'Отдел',
  'notify.newMessage': 'Новое сообщение',
  'panel.mute': 'Выключить звук',
  'composer.drop': 'Отпустите файлы, чтобы прикрепить',
  'image.close': 'Закрыть изображение',
  'prechat.title': 'Перед началом чата',
  'prechat.intro': 'Расскажите немного о себе, чтобы мы могли лучше помочь.',
  'prechat.consent': 'Я согласен на обработку персональных данных',
  'prechat.policy': 'Политика конфиденциальности',
  'prechat.consentRequired': 'Дайте согласие, чтобы начать чат.',
  'prechat.submit': 'Начать чат',
};

const fr: Table = {
  'launcher.open': 'Ouvrir le chat',
  'launcher.close': 'Fermer le chat',
  'launcher.unread': '{n} non lu(s)',
  'greeting.close': 'Masquer',
  'panel.title': 'Chat',
  'panel.close': 'Fermer le chat',
  'panel.online': 'Nous répondons en quelques minutes',
  'panel.offline': 'Nous sommes absents. Laissez un message',
  'panel.connecting': 'Connexion…',
  'panel.noConnection': 'Pas de connexion. Vos messages partiront dès le retour du réseau.',
  'panel.blocked': 'Le chat ne peut pas se connecter : les réglages de sécurité du site le bloquent. Contactez-nous autrement.',
  'chat.greeting': 'Bonjour ! Comment pouvons-nous vous aider ?',
  'chat.today': "Aujourd'hui",
  'chat.yesterday': 'Hier',
  'chat.earlier': 'Afficher les messages précédents',
  'chat.typing': '{name} écrit…',
  'chat.you': 'Vous',
  'chat.operator': 'Support',
  'chat.edited': 'modifié',
  'chat.deleted': 'Message supprimé',
  'chat.closed': 'La conversation est terminée. Écrivez pour en commencer une nouvelle.',
  'status.queued': 'En attente de connexion',
  'status.sending': 'Envoi…',
  'status.sent': 'Envoyé',
  'status.read': 'Lu',
  'status.failed': 'Non envoyé',
  'status.remove': 'Supprimer',
  'composer.placeholder': 'Écrivez un message…',
  'composer.send': 'Envoyer',
  'composer.attach': 'Joindre un fichier',
  'composer.uploading': 'Envoi de {name} : {percent} %',
  'composer.removeFile': 'Retirer {name}',
  'rating.title': 'Comment s’est passée la conversation ?',
  'rating.star': '{n} sur 5',
  'rating.comment': 'Commentaire (facultatif)',
  'rating.submit': 'Envoyer la note',
  'rating.thanks': 'Merci pour votre avis !',
  'transcript.open': 'Recevoir cette discussion par e-mail',
  'transcript.email': 'Votre e-mail',
  'transcript.send': 'Envoyer',
  'transcript.sent': 'Envoyé à {email}',
  'transcript.failed': 'Envoi impossible. Réessayez plus tard.',
  'rating.skip': 'Passer',
  'form.title': 'Laissez-nous un message',
  'form.intro': 'Personne n’est disponible pour le moment. Laissez vos coordonnées, nous vous recontacterons.',
  'form.name': 'Nom',
  'form.phone': 'Téléphone',
  'form.email': 'E-mail',
  'form.message': 'Message',
  'form.submit': 'Envoyer',
  'form.sent': 'Merci ! Nous vous recontacterons bientôt.',
  'form.required': 'Veuillez remplir ce champ.',
  'form.invalidEmail': 'Vérifiez l’adresse e-mail.',
  'form.invalidPhone': 'Vérifiez le numéro de téléphone.',
  'form.contactRequired': 'Indiquez un téléphone ou un e-mail.',
  'form.optional': '(facultatif)',
  'form.group': 'Service',
  'notify.newMessage': 'Nouveau message',
  'panel.mute': 'Couper le son',
  'composer.drop': 'Déposez les fichiers pour les joindre',
  'image.close': 'Fermer l’image',
  'prechat.title': 'Avant de commencer',
  'prechat.intro': 'Présentez-vous en quelques mots pour que nous puissions mieux vous aider.',
  'prechat.consent': 'J’accepte le traitement de mes données personnelles',
  'prechat.policy': 'Politique de confidentialité',
  'prechat.consentRequired': 'Donnez votre accord pour commencer la discussion.',
  'prechat.submit': 'Commencer',
};

export const WIDGET_TEXTS: Readonly<Record<Locale, Table>> = { en, ru, fr };
