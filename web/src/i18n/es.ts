import type { Catalogue } from './en.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Spanish: started. Missing keys fall back to English one by one. */
const es: DeepPartial<Catalogue> = {
  common: {
    appName: 'Iconocast',
    loading: 'Cargando…',
    saving: 'Guardando…',
    save: 'Guardar cambios',
    saved: 'Guardado.',
    cancel: 'Cancelar',
    close: 'Cerrar',
    optional: 'opcional',
    showMore: 'Mostrar más',
    tryAgain: 'Intentar de nuevo',
    backHome: 'Volver al inicio',
    yes: 'Sí',
    no: 'No',
  },
  layout: {
    skipLink: 'Saltar al contenido principal',
    homeLink: 'Inicio de Iconocast',
    menu: 'Menú',
    mainNav: 'Principal',
    findGroup: 'Buscar un grupo',
    health: 'Salud',
    science: 'Ciencia',
    signIn: 'Iniciar sesión',
    signUp: 'Crear cuenta',
    accountMenu: 'Tu cuenta',
    signedInAs: 'Sesión iniciada como {{name}}',
    settings: 'Ajustes',
    admin: 'Administración',
    signOut: 'Cerrar sesión',
    language: 'Idioma',
    switchTo: 'English',
    switchToLang: 'en',
    switchToLabel: 'View this page in English',
    crisisTitle: '¿Necesitas ayuda ahora mismo?',
    crisisText:
      'Si estás en peligro o piensas en el suicidio: llama al número de emergencias de tu país. EE. UU.: llama o escribe al 988. España: 024. Reino Unido e Irlanda: Samaritans 116 123. En otros lugares: findahelpline.com',
    footerAbout: 'Iconocast: grupos de apoyo entre pares para personas en recuperación.',
    footerNav: 'Más',
    footerPrivacy: 'Sin rastreadores ni anuncios. Tu correo nunca se muestra a otras personas.',
    signedOut: 'Has cerrado sesión. Cuídate.',
    staffTwoFactor:
      'Tu función necesita el inicio de sesión en dos pasos para usar las herramientas del equipo. Tarda unos dos minutos.',
    staffTwoFactorLink: 'Activar los dos pasos',
  },
  errors: {
    network: 'No pudimos conectar con Iconocast. Revisa tu conexión e inténtalo de nuevo.',
    generic: 'Algo salió mal por nuestra parte. Inténtalo de nuevo en un momento.',
    summaryTitle: 'Revisa lo siguiente:',
    rateLimited: 'Han sido muchos intentos en poco tiempo. Espera un poco e inténtalo de nuevo.',
    csrf: 'Tu sesión cambió en otra pestaña. Recarga la página e inténtalo de nuevo.',
    signedOutMidway: 'Se cerró tu sesión. Vuelve a iniciarla para continuar.',
  },
  validation: {
    required: 'Completa este campo',
    email: 'Escribe un correo como nombre@ejemplo.com',
    tooShort: 'Usa al menos {{min}} caracteres',
    tooLong: 'Usa como máximo {{max}} caracteres',
    timezone: 'Elige una zona horaria de la lista',
    code: 'Escribe el código de 6 cifras de tu aplicación de autenticación',
    typeDelete: 'Escribe DELETE en mayúsculas para confirmar',
    invalid: 'Revisa este campo',
  },
  fields: {
    email: 'Correo electrónico',
    emailHint: 'Privado: solo tú y el equipo de Iconocast pueden verlo.',
    password: 'Contraseña',
    passwordHint: 'Al menos 8 caracteres. Unas cuantas palabras seguidas funcionan bien.',
    show: 'Mostrar',
    hide: 'Ocultar',
    passwordWord: 'contraseña',
    displayName: 'Nombre visible',
    displayNameHint:
      'Es lo que ven las demás personas de tus grupos. Mucha gente usa su nombre y la inicial del apellido, como «Sam R.»',
    pronouns: 'Pronombres',
    pronounsHint: 'Por ejemplo: ella, él, elle.',
    timezone: 'Zona horaria',
    timezoneHint: 'La usamos para mostrar las reuniones en tu hora local.',
    timezoneDetected: 'La detectamos en tu dispositivo: cámbiala si no es correcta.',
    language: 'Idioma',
    code: 'Código de seis cifras',
    codeHint: 'De tu aplicación de autenticación.',
  },
  languages: { en: 'English', es: 'Español' },
  home: {
    title: 'Inicio',
    welcomeBack: 'Hola de nuevo, {{name}}',
    welcomeBackText: 'Sea como sea el día de hoy, nos alegra que estés aquí.',
    heroTitle: 'No tienes que hacerlo en soledad.',
    heroText:
      'Iconocast organiza grupos de apoyo entre pares para personas que se recuperan de adicciones y de problemas de salud mental, y para quienes las quieren.',
    heroSetback:
      'Los tropiezos forman parte de la recuperación, no son su final. Estés en el día que estés, aquí te damos la bienvenida.',
    ctaFind: 'Buscar un grupo',
    ctaJoin: 'Crear una cuenta',
    firstTitle: 'En tu primera reunión',
    first1: 'No tienes que hablar: escuchar es suficiente.',
    first2: 'Te conocen por un nombre visible, nunca por tu nombre completo.',
    first3: 'Puedes irte cuando lo necesites.',
    offerTitle: 'Lo que te da un grupo',
    belongingTitle: 'Pertenencia',
    belongingText:
      'Un grupo de personas que te entienden porque también han pasado por ello. Nadie tiene que explicarse dos veces.',
    strategiesTitle: 'Estrategias prácticas',
    strategiesText:
      'Formas de atravesar los antojos y manejar los detonantes, compartidas por quienes las han vivido y saben lo que funciona.',
    facilitatorsTitle: 'Facilitadores formados',
    facilitatorsText:
      'Cada grupo lo guía una persona facilitadora formada, que se asegura de que todos sean escuchados y puede orientarte hacia ayuda profesional.',
    reachOutTitle: 'Personas que responden',
    reachOutText:
      'Cuando llega un momento difícil, puedes escribir a personas que te conocen, y alguien te responderá.',
    stepsTitle: 'Cómo unirte, en tres pasos',
    step1Title: 'Encuentra un grupo a tu medida',
    step1Text:
      'Busca según aquello de lo que te recuperas, en qué punto estás, tu idioma y si prefieres reunirte en línea o en persona.',
    step2Title: 'Crea una cuenta',
    step2Text:
      'Solo necesitas un correo y un nombre visible. Tu correo es privado y tú eliges lo que ven los demás.',
    step3Title: 'Ven a una reunión',
    step3Text: 'Escucha y comparte cuando quieras, o no compartas. Las dos cosas están bien.',
    learnTitle: 'Aprende más',
    healthText:
      'Artículos sencillos sobre la recuperación, el bienestar y el cuidado de uno mismo.',
    scienceText:
      'Lo que dice la investigación sobre la recuperación y por qué ayuda el apoyo entre pares.',
  },
  soon: {
    badge: 'Muy pronto',
    groupsTitle: 'Buscar un grupo',
    groupsText:
      'Estamos construyendo el buscador de grupos. Pronto podrás buscar según aquello de lo que te recuperas, en qué punto estás, tu idioma y si prefieres reunirte en línea o en persona.',
    healthTitle: 'Salud',
    healthText:
      'Estamos escribiendo con cuidado los artículos de Salud, en lenguaje sencillo: recuperación, sueño, estrés y cómo cuidarte a ti y a quienes te rodean.',
    scienceTitle: 'Ciencia',
    scienceText:
      'Estamos reuniendo lo que dice la investigación sobre la recuperación y el apoyo entre pares, explicado de forma sencilla y honesta. Pronto estará aquí.',
    meanwhile:
      'Mientras tanto, si necesitas hablar con alguien hoy, los números de crisis al pie de cada página están disponibles a cualquier hora.',
    createAccount: 'Ya puedes crear una cuenta, para tenerlo todo listo cuando abran los grupos.',
  },
  notFound: {
    title: 'Página no encontrada',
    text: 'No encontramos esa página. Puede que se haya movido o que el enlace esté incompleto.',
  },
  signUp: {
    title: 'Crea tu cuenta',
    intro: 'Te damos la bienvenida. Tarda alrededor de un minuto.',
    submit: 'Crear cuenta',
    submitting: 'Creando tu cuenta…',
    haveAccount: '¿Ya tienes una cuenta?',
    signInLink: 'Inicia sesión',
    conflict:
      'Ya existe una cuenta con este correo. Puedes iniciar sesión o restablecer tu contraseña.',
    done: 'Tu cuenta está lista. Te damos la bienvenida a Iconocast, {{name}}',
  },
  signIn: {
    title: 'Iniciar sesión',
    intro: 'Hola de nuevo.',
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
    forgot: '¿Olvidaste tu contraseña?',
    noAccount: '¿Es tu primera vez?',
    signUpLink: 'Crea una cuenta',
    twoFactorTitle: 'Un paso más',
    twoFactorText:
      'Abre tu aplicación de autenticación y escribe el código de seis cifras de Iconocast.',
    verify: 'Continuar',
    verifying: 'Comprobando…',
    startOver: 'Usar otra cuenta',
    suspended: 'Esta cuenta está en pausa. Si crees que es un error, escribe al equipo.',
  },
  forgot: {
    title: 'Restablece tu contraseña',
    intro:
      'Escribe el correo con el que te registraste y te enviaremos un enlace para elegir una contraseña nueva.',
    submit: 'Enviar el enlace',
    submitting: 'Enviando…',
    sent: 'Si hay una cuenta con {{email}}, el enlace va de camino. Puede tardar unos minutos; revisa también el correo no deseado.',
    back: 'Volver a iniciar sesión',
  },
  reset: {
    title: 'Elige una contraseña nueva',
    newPassword: 'Contraseña nueva',
    submit: 'Guardar contraseña',
    submitting: 'Guardando…',
    done: 'Tu contraseña ha cambiado. Ya puedes iniciar sesión con ella.',
    doneSignedIn: 'Tu contraseña ha cambiado y has iniciado sesión.',
    missingToken:
      'A este enlace le falta su código. Abre de nuevo el enlace del correo o pide uno nuevo.',
    badToken: 'Este enlace caducó o ya se usó. Puedes pedir uno nuevo.',
    askAgain: 'Pedir un enlace nuevo',
  },
  goodbye: {
    title: 'Tu cuenta se ha eliminado',
    text: 'Tus datos personales se han borrado de Iconocast. Gracias por formar parte de esta comunidad.',
    wish: 'Allá donde te lleve tu recuperación, te deseamos lo mejor. Si algún día quieres volver, aquí tendrás siempre un lugar.',
  },
  settings: {
    title: 'Ajustes',
    profile: 'Perfil',
    privacy: 'Privacidad',
    email: 'Correo',
    password: 'Contraseña',
    security: 'Dos pasos',
    sessions: 'Sesiones',
    activity: 'Tu actividad',
    data: 'Tus datos',
  },
  loading: { page: 'Cargando la página…' },
};

export default es;
